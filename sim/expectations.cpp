#include "sim/expectations.h"

namespace syncsim {

void Expectations::write_acked(int d, const model::Tag& tag, std::uint64_t client_version) {
  // The newest unacknowledged write of this device, note and kind with this local version (a
  // client replaced by terminate and re-enable numbers its versions from 1 again).
  for (auto w = user_writes_.rbegin(); w != user_writes_.rend(); ++w)
    if (!w->acked && w->device == d && w->kind == tag.kind && w->note == tag.note &&
        w->client_version == client_version) {
      w->acked = true;
      return;
    }
}

}  // namespace syncsim
