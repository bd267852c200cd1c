#pragma once
// Messages of the sync protocol (one websocket per client: FIFO per direction).
#include <cstdint>
#include <vector>

#include "model/changeset.h"

namespace syncsim::model {

struct UploadMsg {
  FileIdent from = 0;
  std::vector<Changeset> changesets;  ///< in client-version order, original (untransformed)
};

struct DownloadEntry {
  Changeset cs;  ///< as integrated by the server
  std::uint64_t server_version = 0;
  std::uint64_t last_local_version = 0;  ///< receiver's client version the server had then
};

struct DownloadMsg {
  std::vector<DownloadEntry> entries;
  std::uint64_t server_head = 0;  ///< download cursor after this message
  std::uint64_t progress = 0;     ///< receiver's last client version integrated (ack)
  std::vector<Tag> acked;         ///< tags of the receiver's changesets this acks (labels)
};

}  // namespace syncsim::model
