#pragma once
// SYNCSIM_HAS_ASAN is defined when AddressSanitizer instruments this translation unit: clang
// says so through __has_feature, g++ through __SANITIZE_ADDRESS__.
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SYNCSIM_HAS_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) && !defined(SYNCSIM_HAS_ASAN)
#define SYNCSIM_HAS_ASAN 1
#endif
