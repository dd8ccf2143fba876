#include "io/module_analysis_folder.h"

#include "io/analysis_report_html.h"
#include "io/analysis_summary_markdown.h"
#include "io/atomic_file.h"
#include "io/module_analysis_file.h"

#include <stdexcept>
#include <string>

namespace irscope::io {

void writeModuleAnalysisFolder(const std::filesystem::path& dir, const Json& document) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error)
    throw std::runtime_error(dir.string() + ": cannot create the folder: " + error.message());
  const std::string json_text = document.dump(2) + "\n";
  // summary.md reads what the JSON says, so the two cannot disagree.
  const std::string summary = analysisSummaryMarkdown(
      parseModuleAnalysis(json_text, (dir / "unique_modules.json").string()));
  const std::string html = analysisReportHtml(document, summary);
  writeFilesAtomically({{dir / "unique_modules.json", json_text},
                        {dir / "summary.md", summary},
                        {dir / "analysis_report.html", html}});
}

} // namespace irscope::io
