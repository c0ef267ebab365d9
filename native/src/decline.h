// The native encoder declines a batch by throwing Decline; encodePages catches it and returns false.
#pragma once


namespace ariadne {
namespace pages {

struct Decline {};

[[noreturn]] inline void decline() { throw Decline(); }

}  // namespace pages
}  // namespace ariadne
