#ifndef CPCRE2_SHIM_H
#define CPCRE2_SHIM_H

// PCRE2 needs the code unit width chosen before its header is included; the proxy matches
// UTF-8 bytes, so it uses the 8-bit library (libpcre2-8).
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#endif
