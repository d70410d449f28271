#include <cstdio>
#include "nxs/status.h"
int main() { std::puts(nxs::status_name(nxs::Status::kTlsSuccess).data()); return 0; }
