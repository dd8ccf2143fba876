// Writes analysis_report.html from a unique_modules.json, for the browser test
// (check_html_in_chromium.sh): analysis_report_html_tool IN.json OUT.html [SUMMARY.md]
#include "io/analysis_report_html.h"
#include "io/atomic_file.h"

#include <exception>
#include <fstream>
#include <iostream>
#include <sstream>

namespace {

std::string readFile(const char* path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw std::runtime_error(std::string("cannot read ") + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

} // namespace

int main(int argc, char** argv) {
  if (argc != 3 && argc != 4) {
    std::cerr << "usage: " << argv[0] << " UNIQUE_MODULES.json OUT.html [SUMMARY.md]\n";
    return 2;
  }
  try {
    const irscope::Json document = irscope::Json::parse(readFile(argv[1]));
    const std::string summary = argc == 4 ? readFile(argv[3]) : std::string();
    irscope::io::writeFileAtomically(argv[2], irscope::io::analysisReportHtml(document, summary));
  } catch (const std::exception& error) {
    std::cerr << "error: " << error.what() << "\n";
    return 1;
  }
  return 0;
}
