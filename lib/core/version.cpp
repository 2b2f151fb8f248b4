// The runtime side of descheck/version.hpp: compiled into the library, so it reports the library's
// version rather than the headers' a program was built with.
#include "descheck/version.hpp"

namespace descheck {

const char* version() noexcept { return DESCHECK_VERSION; }

}  // namespace descheck
