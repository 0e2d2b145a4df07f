// Whether the AVX2+FMA kernels may run: the CPU must have both and the OS must save YMM registers,
// which `__builtin_cpu_supports` checks (it reads CPUID and XCR0 once, at load time).
#include "CAutogradKernels.h"

// nodebug: see GemmDriver.h (valgrind cannot read clang's DWARF 5).
__attribute__((nodebug)) int autograd_gemm_simd_available(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
    return 0;
#endif
}
