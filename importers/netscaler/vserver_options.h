// The options of `add lb vserver` and `add cs vserver` and what each means for the model:
// settings the importer reads, tuning that cannot change where a connection goes (understood,
// no diagnostic), and options that can (the vserver becomes UNKNOWN).
#pragma once

#include <string>

#include "importers/netscaler/ns_config.h"

namespace flowaudit::netscaler {

// Why the option makes the vserver's behaviour unknown, or empty when it does not. Options not
// known at all also make it unknown ("option -X is not modelled").
std::string UnknownBecauseOf(const Option& option);

}  // namespace flowaudit::netscaler
