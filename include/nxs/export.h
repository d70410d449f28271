// Symbol visibility for the shared library. Everything is hidden by default (-fvisibility=hidden);
// NXS_API marks the declarations that form the public ABI.
#pragma once

#if defined(NXS_STATIC_DEFINE)
#define NXS_API
#elif defined(_WIN32)
#ifdef NXS_BUILDING_LIBRARY
#define NXS_API __declspec(dllexport)
#else
#define NXS_API __declspec(dllimport)
#endif
#else
#define NXS_API __attribute__((visibility("default")))
#endif
