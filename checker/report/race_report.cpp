// Variable names in data-race reports (see race_report.h).
#include "report/race_report.h"

namespace lockstep::checker {

void nameRaceVariable(Bug &bug, const Execution &execution, Symbolizer &symbols) {
  if (bug.kind != "data-race" || bug.dataModule == protocol::kNoModule)
    return;
  const std::string name = symbols.describeData(execution.modules, bug.dataModule, bug.dataOffset);
  if (name.empty())
    return;
  const std::string marker = "data race on ";
  if (bug.message.rfind(marker, 0) == 0)
    bug.message.insert(marker.size(), "`" + name + "` in ");
  bug.details.push_back("variable: " + name);
  bug.dataModule = protocol::kNoModule; // named once
}

} // namespace lockstep::checker
