#pragma once
#include "gui/app/model_document.h"

#include <QMainWindow>
#include <memory>

class QAction;
class QFileSystemWatcher;
class QLabel;
class QMenu;
class QProgressBar;
class QPushButton;
class QTableWidget;
class QTreeWidget;

namespace irscope::app {

class GraphView;
class ModelLoader;
class PropertiesPanel;
class SearchBar;

class MainWindow : public QMainWindow {
  Q_OBJECT
public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  // Opens a model in the background; the one already open stays until the new one is ready.
  // A TorchScript file first asks for its input shapes (see openTorchScript).
  void openFile(const QString& path);
  // Runs a TorchScript file on inputs of these shapes and shows what it did.
  void openTorchScript(const QString& path, std::vector<ir::InputSpec> inputs);

  const ModelDocument* document() const { return document_.get(); }
  GraphView* view() const { return view_; }
  PropertiesPanel* properties() const { return properties_; }
  SearchBar* searchBar() const { return search_; }
  QTableWidget* weightsTable() const { return weights_; }
  bool loading() const;
  // The last error shown to the user, for tests; empty when none.
  const QString& lastError() const { return last_error_; }
  // Selects the node's item (or the collapsed group holding it) and shows its properties.
  void selectNode(int node);
  bool selectNodeByName(const QString& name);
  // Writes the whole diagram to .svg, .pdf or .png through the shared renderer.
  // With `current_view`, only what the canvas shows.
  bool exportTo(const QString& path, QString* error, bool current_view = false);

signals:
  void documentChanged();

protected:
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;
  void closeEvent(QCloseEvent* event) override;

private:
  void buildMenus();
  void buildDocks();
  void showDocument(std::shared_ptr<ModelDocument> document);
  void showError(const QString& message);
  // Reads a TorchScript file's inputs off the GUI thread, asks for their shapes, then opens it.
  void askInputShapesThenOpen(const QString& path);
  void relayout(layout::DiagramOptions options);
  // The current options with `group` and every group around it open.
  layout::DiagramOptions optionsRevealing(int group) const;
  void onItemSelected(int item);
  void onItemActivated(int item);
  void rememberRecent(const QString& path);
  void refreshRecentMenu();
  void fillWeights();
  void fillOperators();
  void fillModules();
  void exportInteractively(bool current_view);
  void updateBreadcrumbs(int item);
  void applyTheme(const QString& theme);
  void updateStatus();

  std::shared_ptr<ModelDocument> document_;
  QString pending_path_;
  bool pending_is_reload_ = false;
  int pending_select_node_ = -1; // selected once the relayout that reveals it is done
  GraphView* view_;
  SearchBar* search_;
  PropertiesPanel* properties_;
  QTableWidget* weights_ = nullptr;
  QTableWidget* operators_ = nullptr;
  QTreeWidget* modules_ = nullptr;
  ModelLoader* loader_;
  QFileSystemWatcher* watcher_;
  QMenu* recent_menu_ = nullptr;
  QMenu* view_menu_ = nullptr;
  QAction* show_weights_ = nullptr;
  QLabel* counts_;
  QLabel* breadcrumbs_;
  QProgressBar* progress_;
  QPushButton* cancel_;
  QString last_error_;
};

} // namespace irscope::app
