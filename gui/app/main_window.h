#pragma once
#include "core/op_mapping.h"
#include "gui/app/golden_dialog.h"
#include "gui/app/model_document.h"
#include "gui/app/model_mapping.h"
#include "gui/app/model_module_analysis.h"
#include "gui/app/module_analysis_choices.h"
#include "gui/app/module_analysis_job.h"
#include "gui/app/run_choices.h"
#include "gui/app/run_colouring.h"
#include "gui/app/run_result.h"
#include "gui/app/weight_statistics.h"

#include <QMainWindow>
#include <atomic>
#include <memory>
#include <utility>
#include <vector>

class QAction;
class QComboBox;
class QFileSystemWatcher;
class QLabel;
class QMenu;
class QProgressBar;
class QProgressDialog;
class QPushButton;
class QTableWidget;
template <typename T> class QFutureWatcher;

namespace irscope::app {

class GraphView;
class ModelLoader;
class ModelRunner;
class ModulesDock;
class OperatorsDock;
class WeightDetails;
class WeightsDock;
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
  QTableWidget* weightsTable() const;
  WeightsDock* weightsDock() const { return weights_dock_; }
  OperatorsDock* operatorsDock() const { return operators_dock_; }
  ModulesDock* modulesDock() const { return modules_dock_; }
  bool loading() const;
  // The last error shown to the user, for tests; empty when none.
  const QString& lastError() const { return last_error_; }
  // Selects the node's item (or the collapsed group holding it) and shows its properties.
  void selectNode(int node);
  bool selectNodeByName(const QString& name);
  // Writes the whole diagram to .svg, .pdf or .png through the shared renderer, coloured as the
  // canvas is. With `current_view`, only what the canvas shows.
  bool exportTo(const QString& path, QString* error, bool current_view = false);
  // "system", "light" or "dark", as View > Theme sets it (without remembering it).
  void applyTheme(const QString& theme);

  // Runs the open model with these choices on a worker, as Tools > Run Model does once its
  // dialog is accepted: nothing is checked here that the run itself does not check, so a bad
  // choice ends in the error dialog, and the model stays open. Emits runEnded.
  void runModel(const RunChoices& choices);
  // Tools > Run Model: the dialog, pre-filled for this model, then runModel.
  void runInteractively();
  bool running() const;
  // Tools > Cancel Run: the run stops between nodes or reads and ends as cancelled.
  void cancelRun();
  // The last run of the open model; null before one, and after another model opens.
  const RunResult* lastRun() const { return run_.get(); }
  ColourBy colourBy() const { return colour_by_; }
  void setColourBy(ColourBy colouring);
  // Select the node where the last verify first left tolerance (or the first to produce NaN or
  // Inf) and zoom to it, opening the groups around it. False when there is none.
  bool goToFirstDivergence();
  bool goToFirstNonFinite();
  WeightDetails* weightDetails() const;
  // Makes a weight (by state_dict name) the Weights dock's current row, which shows its
  // statistics below the table; false when the model has no such weight.
  bool selectWeight(const QString& name);

  // Golden data (main_window_golden.cpp). Writes the open model's golden folder on a worker, as
  // Tools > Golden Data does once its dialog is accepted (and, for a folder that already holds
  // golden data, the user has agreed to overwrite it). The status bar says what was written; a
  // failure ends in the error dialog. Emits goldenDataEnded however it ends, except when refused
  // because another write is still running.
  void writeGoldenData(const GoldenChoices& choices);
  // Tools > Golden Data: the dialog, the question before overwriting, then writeGoldenData.
  void writeGoldenDataInteractively();
  bool writingGoldenData() const;
  // Stops an IR JSON model's write between nodes; a TorchScript model's is written whole.
  void cancelGoldenData();
  // Runs the open model on a golden folder's inputs and verifies it against the folder's
  // outputs and, when it has nodes/, every intermediate: with the last run's weights and dtype,
  // else the remembered ones. A folder with no metadata.json ends in the error dialog. As Tools >
  // Compare with Golden does once a folder is chosen; emits runEnded.
  void compareWithGolden(const QString& folder);
  // Tools > Compare with Golden: a folder dialog, then compareWithGolden.
  void compareWithGoldenInteractively();

  // The operator mapping (main_window_mapping.cpp): the built-in TTNN table, with the entries of
  // a loaded file over it.
  const ir::OpMapping& operatorMapping() const { return *mapping_; }
  // The file loaded over the built-in table; empty when none.
  const QString& operatorMappingFile() const { return mapping_file_; }
  // The open model against the mapping; null while no model is open.
  const ModelMapping* modelMapping() const { return model_mapping_.get(); }
  // File > Load Operator Mapping once a file is chosen: its entries override the built-in ones,
  // the Operators dock, Properties and "Colour by: Target Mapping" follow, and the file is
  // loaded again at the next start. A file that cannot be read or is no mapping ends in the
  // error dialog (one line naming the file and the entry), and the mapping stays as it was.
  bool loadOperatorMapping(const QString& path);
  // File > Reset to Built-in Mapping: the built-in table alone, also at the next start.
  void resetOperatorMapping();
  // Raises the Operators dock, wide enough for its columns, opens the op's row and marks the
  // op's nodes, as choosing the row does but without selecting one (so that no group opens);
  // an empty op only raises the dock. False when the model has no such op.
  bool showOperators(const QString& op = {});

  // Op-by-op module analysis (main_window_modules.cpp). Analyses the open model's unique
  // modules on a worker with these choices, as Tools > Analyze Modules does once its dialog is
  // accepted, with a progress dialog and Cancel. The statuses then show in the Modules dock,
  // Properties and "Colour by: Module Status". A failure ends in the error dialog, and the
  // model (and any earlier analysis) stays. Emits moduleAnalysisEnded however it ends, except
  // when refused because another analysis is still running.
  void analyzeModules(const ModuleAnalysisChoices& choices);
  // Tools > Analyze Modules: the dialog, pre-filled for this model, then analyzeModules.
  void analyzeModulesInteractively();
  bool analyzingModules() const;
  // Stops the analysis at its next progress point (between modules, or between nodes of the
  // float32 run); it ends as cancelled and changes nothing.
  void cancelModuleAnalysis();
  // Tools > Load Module Analysis once a file is chosen: a unique_modules.json with statuses,
  // laid over the open model by module path. A file that cannot be read, has no statuses or
  // shares no module with the model ends in the error dialog (one line), and nothing changes.
  bool loadModuleAnalysis(const QString& path);
  void loadModuleAnalysisInteractively();
  // The analysis shown; null before one, and after another model opens.
  const ModelModuleAnalysis* moduleAnalysis() const { return module_analysis_.get(); }
  // Raises the Modules dock, wide enough for its status, MACs and shape columns.
  void showModules();

signals:
  void documentChanged();
  void runEnded();            // a run finished, failed or was cancelled
  void goldenDataEnded();     // a golden data write finished, failed or was cancelled
  void moduleAnalysisEnded(); // a module analysis finished, failed or was cancelled
  // The analysis's progress, on the GUI thread: stage "reading", "float32 run" or "modules".
  void moduleAnalysisProgress(QString stage, int done, int total);
  void loadFailed(QString message); // opening or laying out a model failed; the old one stays

protected:
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;
  void closeEvent(QCloseEvent* event) override;

public:
  // For tests: what extraction said about the open model (shown in the status bar).
  const QStringList& lastNotes() const { return last_notes_; }
  // For tests: whether a model is waiting to be opened or a node to be selected.
  bool pendingOpen() const { return !pending_path_.isEmpty() || pending_select_node_ >= 0; }

private:
  // After a failed or cancelled open: nothing is waiting any more.
  void forgetPendingOpen();
  QStringList last_notes_;
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
  // Marks nodes on the canvas (search hits, a weight's consumers, an op's or a configuration's
  // nodes); the marks are kept across relayouts.
  void markNodes(std::vector<int> nodes);
  void exportInteractively(bool current_view);
  void updateBreadcrumbs(int item);
  void updateStatus();

  // Running and verifying (main_window_run.cpp).
  QWidget* buildColourBar(QWidget* parent);
  void buildRunMenu();
  void buildRunStatus();
  void connectRunner();
  // A model with other content than the last was shown: its run, colouring and weight
  // statistics no longer apply.
  void forgetRun();
  void showRun(std::shared_ptr<const RunResult> run);
  void refreshColouring();
  void updateRunActions();
  void revealAndZoom(int node);
  void showWeightDetails();
  void loadWeightStatistics(const QString& weights_file);
  // The weights file the Weights dock reads: the last run's, else the one the Run dialog would
  // start with; empty when there is none (a TorchScript model needs none).
  QString weightsFileForDetails() const;

  // The operator mapping (main_window_mapping.cpp).
  void addMappingActions(QMenu* file);
  // At start: the file loaded last time, or, when it is gone or broken, the built-in table and
  // a note in the status bar.
  void restoreOperatorMapping();
  void setOperatorMapping(std::shared_ptr<const ir::OpMapping> mapping, const QString& file);
  // Classes the open model's configurations again: after a new model or a new mapping.
  void remapModel();

  // Golden data (main_window_golden.cpp).
  struct GoldenOutcome {
    QString folder;
    size_t inputs = 0, outputs = 0, nodes = 0;
    QString error;
    bool cancelled = false;
  };
  void addGoldenActions(QMenu* tools);
  void buildGoldenStatus();
  void goldenDataFinished();

  // Op-by-op module analysis (main_window_modules.cpp).
  void addModuleAnalysisActions(QMenu* tools);
  void moduleAnalysisFinished();
  void showModuleAnalysisProgress(const QString& stage, int done, int total);
  void setModuleAnalysis(std::shared_ptr<const ModelModuleAnalysis> analysis);
  // A model with other content: its analysis no longer applies, and one running is stopped.
  void forgetModuleAnalysis();
  // Whether the colouring can be shown now: the run's say, and for Module Status an analysis.
  bool colouringUsable(ColourBy colouring) const;

  std::shared_ptr<ModelDocument> document_;
  QString pending_path_;
  bool pending_is_reload_ = false;
  int pending_select_node_ = -1; // selected once the relayout that reveals it is done
  GraphView* view_;
  SearchBar* search_;
  PropertiesPanel* properties_;
  WeightsDock* weights_dock_ = nullptr;
  OperatorsDock* operators_dock_ = nullptr;
  ModulesDock* modules_dock_ = nullptr;
  std::vector<int> marked_nodes_;
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

  ModelRunner* runner_ = nullptr;
  std::shared_ptr<const RunResult> run_;
  // Counts models with new content (not relayouts), so that a run or a weights read started
  // for an earlier one is dropped when it ends.
  int content_generation_ = 0;
  ColourBy colour_by_ = ColourBy::None;
  bool pending_zoom_ = false; // zoom to pending_select_node_ once it is drawn
  QComboBox* colour_combo_ = nullptr;
  std::vector<std::pair<ColourBy, QAction*>> colour_actions_;
  QAction* run_action_ = nullptr;
  QAction* cancel_run_ = nullptr;
  QAction* first_divergence_ = nullptr;
  QAction* first_non_finite_ = nullptr;
  QProgressBar* run_progress_ = nullptr;
  QPushButton* run_cancel_ = nullptr;
  QLabel* verdict_ = nullptr;
  std::shared_ptr<const WeightStatistics> weight_statistics_;
  bool weight_statistics_loading_ = false;
  QString weight_statistics_error_;

  std::shared_ptr<const ir::OpMapping> mapping_;
  QString mapping_file_;
  std::shared_ptr<const ModelMapping> model_mapping_;
  QAction* reset_mapping_ = nullptr;
  QString mapping_note_; // why the remembered mapping file was dropped, shown once

  QAction* golden_action_ = nullptr;
  QAction* compare_golden_action_ = nullptr;
  QProgressBar* golden_progress_ = nullptr;
  QPushButton* golden_cancel_ = nullptr;
  QFutureWatcher<GoldenOutcome>* golden_watcher_ = nullptr;
  std::shared_ptr<std::atomic<bool>> golden_cancel_flag_;

  std::shared_ptr<const ModelModuleAnalysis> module_analysis_;
  QAction* analyze_modules_action_ = nullptr;
  QAction* load_module_analysis_action_ = nullptr;
  QProgressDialog* module_progress_ = nullptr;
  QFutureWatcher<ModuleAnalysisOutcome>* module_watcher_ = nullptr;
  std::shared_ptr<std::atomic<bool>> module_cancel_flag_;
  int module_generation_ = 0; // content_generation_ when the analysis started
  QString module_backend_;    // the running analysis's backend, for the status bar
};

} // namespace irscope::app
