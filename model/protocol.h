#pragma once
// Messages of the sync protocol (one websocket per client: FIFO per direction).
#include <boost/container/small_vector.hpp>
#include <cstdint>
#include <vector>

#include "model/changeset.h"

namespace syncsim::model {

struct UploadMsg {
  FileIdent from = 0;
  std::vector<Changeset> changesets;  ///< in client-version order, original (untransformed)
};

struct DownloadEntry {
  Changeset cs;                           ///< as integrated by the server
  std::uint64_t server_version = 0;
  std::uint64_t last_local_version = 0;   ///< receiver's client version the server had then
};

struct DownloadMsg {
  std::vector<DownloadEntry> entries;
  std::uint64_t server_head = 0;       ///< download cursor after this message
  std::uint64_t progress = 0;          ///< receiver's last client version integrated (ack)
  /// Tags of the receiver's changesets this acks (labels). Usually one or two: inline, as a
  /// download is built for every online device after every integration.
  boost::container::small_vector<Tag, 2> acked;
};

}  // namespace syncsim::model
