#pragma once
// The window: the canvas, the docks and the status bar, and the workflows composed around them.
// It implements Workbench, the small interface through which each workflow adds its actions and
// status-bar pieces and asks for a node to be selected; it knows no workflow's details. The
// model and what has been found about it are in ModelSession.
#include "gui/app/workbench.h"

#include <QMainWindow>
#include <QStringList>
#include <memory>
#include <vector>

class QLabel;
class QTableWidget;

namespace irscope::app {

class BreadcrumbBar;
class ColouringWorkflow;
class DiffWorkflow;
class DocumentWorkflow;
class ExportWorkflow;
class GoldenWorkflow;
class GraphView;
class MappingWorkflow;
class ModelCountsLabel;
class ModelSession;
class ModuleAnalysisWorkflow;
class ModulesDock;
class OperatorsDock;
class PropertiesPanel;
class RunWorkflow;
class SearchBar;
class WeightDetails;
class WeightsDock;
class WeightsWorkflow;
struct ModelDocument;

class MainWindow : public QMainWindow, public Workbench {
  Q_OBJECT
public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  // The workflows, for the command line and the tests.
  DocumentWorkflow& documentWorkflow() { return *documents_; }
  RunWorkflow& runWorkflow() { return *runs_; }
  GoldenWorkflow& goldenWorkflow() { return *golden_; }
  ModuleAnalysisWorkflow& moduleAnalysisWorkflow() { return *modules_; }
  MappingWorkflow& mappingWorkflow() { return *mappings_; }
  ExportWorkflow& exportWorkflow() { return *exports_; }
  ColouringWorkflow& colouringWorkflow() { return *colouring_; }
  WeightsWorkflow& weightsWorkflow() { return *weights_; }
  DiffWorkflow& diffWorkflow() { return *diff_; }
  const RunWorkflow& runWorkflow() const { return *runs_; }
  const GoldenWorkflow& goldenWorkflow() const { return *golden_; }
  const ModuleAnalysisWorkflow& moduleAnalysisWorkflow() const { return *modules_; }
  const DocumentWorkflow& documentWorkflow() const { return *documents_; }
  const ColouringWorkflow& colouringWorkflow() const { return *colouring_; }
  const ModelSession& session() const { return *session_; }

  // The open model's document; null while none is open.
  const ModelDocument* document() const;
  GraphView* view() const { return view_; }
  PropertiesPanel* properties() const { return properties_; }
  SearchBar* searchBar() const { return search_; }
  WeightsDock* weightsDock() const { return weights_dock_; }
  QTableWidget* weightsTable() const;
  WeightDetails* weightDetails() const;
  OperatorsDock* operatorsDock() const { return operators_dock_; }
  ModulesDock* modulesDock() const { return modules_dock_; }
  // The last error shown to the user, for tests; empty when none.
  const QString& lastError() const { return last_error_; }
  // What extraction said about the open model (shown in the status bar).
  const QStringList& lastNotes() const { return last_notes_; }
  // Whether a model is waiting to be opened or a node to be selected.
  bool pendingOpen() const;
  // Selects the node (or else the graph input) of this name and zooms to it; false when the
  // model has none.
  bool selectNodeByName(const QString& name);
  // "system", "light" or "dark", as View > Theme sets it (without remembering it).
  void applyTheme(const QString& theme);

  // Workbench.
  ModelSession& session() override { return *session_; }
  GraphView& canvas() override { return *view_; }
  GraphView& shownCanvas() override;
  QWidget* dialogParent() override { return this; }
  QMenu* menu(Menu which) override;
  void addStatusWidget(QWidget* widget) override;
  void showMessage(const QString& message, int timeout_ms = 0) override;
  void showError(const QString& message) override;
  void trackJob(BackgroundJob& job, const QString& format, const QString& cancel_text) override;
  void selectNode(int node) override;
  void revealAndZoom(int node) override;
  void markNodes(std::vector<int> nodes) override;
  void setColourBy(ColourBy colouring) override;
  void raiseDock(QDockWidget* dock, int wanted_width) override;

signals:
  // The window shows a new document: another model, the same one reloaded, or a relayout.
  void documentChanged();

protected:
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;
  void closeEvent(QCloseEvent* event) override;
  void showEvent(QShowEvent* event) override;

private:
  void buildDocks();
  void buildMenus();
  void connectSession();
  void showDocument(bool new_content);
  void selectPendingNode();
  bool selectGraphInputByName(const QString& name);
  void onItemSelected(int item);
  void updateStatus();
  // Cancels every background job and waits for it.
  void stopJobs();

  ModelSession* session_;
  GraphView* view_;
  SearchBar* search_;
  BreadcrumbBar* breadcrumbs_;
  PropertiesPanel* properties_ = nullptr;
  WeightsDock* weights_dock_ = nullptr;
  OperatorsDock* operators_dock_ = nullptr;
  ModulesDock* modules_dock_ = nullptr;
  ModelCountsLabel* counts_;
  QMenu* menus_[4] = {};

  DocumentWorkflow* documents_;
  ExportWorkflow* exports_;
  MappingWorkflow* mappings_;
  ColouringWorkflow* colouring_;
  RunWorkflow* runs_;
  GoldenWorkflow* golden_;
  ModuleAnalysisWorkflow* modules_;
  WeightsWorkflow* weights_;
  DiffWorkflow* diff_;

  QString shown_path_; // the file of the document shown, to keep the view on a reload
  std::vector<int> marked_nodes_;
  int pending_select_node_ = -1; // selected once the relayout that reveals it is done
  bool pending_zoom_ = false;    // and zoomed to
  QString last_error_;
  QStringList last_notes_;
  bool docks_to_size_ = false; // no remembered window layout: size the docks when shown
};

} // namespace irscope::app
