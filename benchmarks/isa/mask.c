/* Make a process (and the processes it starts) see a smaller x86-64 instruction set.
 *
 * Loaded with LD_PRELOAD; the level comes from LITETTS_ISA_MASK ("avx2" or "avx512").
 * Linux's cpuid faulting (arch_prctl ARCH_SET_CPUID, CPU flag "cpuid_fault") makes every
 * `cpuid` instruction raise SIGSEGV; the handler below runs the real instruction, clears
 * the feature bits above the chosen level and steps over it. Libraries that pick their
 * kernels from cpuid (ONNX Runtime's MLAS, numpy, oneDNN) then pick the ones that CPU
 * would run. The instructions still exist: only what cpuid says changes.
 *
 * The setting is inherited by threads and fork()ed children and dropped by execve();
 * LD_PRELOAD and LITETTS_ISA_MASK are inherited, so an exec'd dynamic program sets it
 * again here. A program that installs its own SIGSEGV handler (Python's faulthandler,
 * which pytest enables) gets it chained behind this one through the sigaction()/signal()
 * wrappers, so real crashes still reach it.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>
#include <asm/prctl.h>

#define BIT(n) (1u << (n))

/* CPUID leaf 7 bits cleared for each level (Intel SDM vol. 2, CPUID). */
/* subleaf 0, EBX: AVX512F 16, DQ 17, IFMA 21, PF 26, ER 27, CD 28, BW 30, VL 31 */
#define AVX512_SKX_EBX (BIT(16) | BIT(17) | BIT(28) | BIT(30) | BIT(31))
#define AVX512_REST_EBX (BIT(21) | BIT(26) | BIT(27))
/* subleaf 0, ECX: VBMI 1, VBMI2 6, VNNI 11, BITALG 12, VPOPCNTDQ 14 */
#define AVX512_REST_ECX (BIT(1) | BIT(6) | BIT(11) | BIT(12) | BIT(14))
/* subleaf 0, EDX: 4VNNIW 2, 4FMAPS 3, VP2INTERSECT 8, AMX-BF16 22, FP16 23, AMX-TILE 24, AMX-INT8 25 */
#define AVX512_REST_EDX (BIT(2) | BIT(3) | BIT(8) | BIT(22) | BIT(23) | BIT(24) | BIT(25))
/* subleaf 1, EAX: AVX-VNNI 4, AVX512-BF16 5, AMX-FP16 21, AVX-IFMA 23 */
#define SUB1_EAX (BIT(4) | BIT(5) | BIT(21) | BIT(23))
/* subleaf 1, EDX: AVX-VNNI-INT8 4, AVX-NE-CONVERT 5, AMX-COMPLEX 8, AVX-VNNI-INT16 10, AVX10 19 */
#define SUB1_EDX (BIT(4) | BIT(5) | BIT(8) | BIT(10) | BIT(19))

static int keep_skx; /* 1: keep AVX-512 F/CD/BW/DQ/VL (Skylake-X), 0: AVX2 only */
static struct sigaction next_segv; /* the program's own SIGSEGV handler, if it set one */
static int (*real_sigaction)(int, const struct sigaction *, struct sigaction *);

static void fail(const char *message) {
    ssize_t ignored = write(2, message, strlen(message));
    (void)ignored;
    _exit(2);
}

static long cpuid_faulting(int on_fault) {
    /* ARCH_SET_CPUID with 0 makes cpuid fault; with 1 it runs normally again. */
    return syscall(SYS_arch_prctl, ARCH_SET_CPUID, on_fault ? 0 : 1);
}

static void mask(uint32_t leaf, uint32_t sub, uint32_t r[4]) {
    if (leaf != 7) return;
    if (sub == 0) {
        r[1] &= ~(AVX512_REST_EBX | (keep_skx ? 0 : AVX512_SKX_EBX));
        r[2] &= ~AVX512_REST_ECX;
        r[3] &= ~AVX512_REST_EDX;
    } else if (sub == 1) {
        r[0] &= ~SUB1_EAX;
        r[3] &= ~SUB1_EDX;
    }
}

static void pass_on(int sig, siginfo_t *info, void *context) {
    if (next_segv.sa_flags & SA_SIGINFO) {
        next_segv.sa_sigaction(sig, info, context);
    } else if (next_segv.sa_handler != SIG_DFL && next_segv.sa_handler != SIG_IGN) {
        next_segv.sa_handler(sig);
    } else {
        /* No handler of the program's: the default action when the instruction runs again. */
        struct sigaction plain;
        memset(&plain, 0, sizeof plain);
        plain.sa_handler = SIG_DFL;
        real_sigaction(SIGSEGV, &plain, NULL);
    }
}

static void on_segv(int sig, siginfo_t *info, void *context) {
    ucontext_t *uc = context;
    greg_t *g = uc->uc_mcontext.gregs;
    const unsigned char *ip = (const unsigned char *)g[REG_RIP];
    /* Sent by a process (kill, raise: si_code <= 0) or a fault at another instruction. */
    if (info->si_code <= 0 || ip[0] != 0x0f || ip[1] != 0xa2) {
        pass_on(sig, info, context);
        return;
    }
    uint32_t r[4], leaf = (uint32_t)g[REG_RAX], sub = (uint32_t)g[REG_RCX];
    cpuid_faulting(0);
    __asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(sub));
    cpuid_faulting(1);
    mask(leaf, sub, r);
    g[REG_RAX] = r[0];
    g[REG_RBX] = r[1];
    g[REG_RCX] = r[2];
    g[REG_RDX] = r[3];
    g[REG_RIP] += 2;
}

/* The program's SIGSEGV handler is kept aside and called for faults that are not cpuid. */
static void find_sigaction(void) {
    if (!real_sigaction)
        real_sigaction = (int (*)(int, const struct sigaction *, struct sigaction *))dlsym(RTLD_NEXT, "sigaction");
    if (!real_sigaction) fail("isa mask: cannot find libc's sigaction\n");
}

int sigaction(int sig, const struct sigaction *act, struct sigaction *old) {
    find_sigaction();
    if (sig != SIGSEGV) return real_sigaction(sig, act, old);
    if (old) *old = next_segv;
    if (act) next_segv = *act;
    return 0;
}

sighandler_t signal(int sig, sighandler_t handler) {
    struct sigaction act, old;
    memset(&act, 0, sizeof act);
    act.sa_handler = handler;
    act.sa_flags = SA_RESTART;
    if (sigaction(sig, &act, &old) != 0) return SIG_ERR;
    return (old.sa_flags & SA_SIGINFO) ? (sighandler_t)old.sa_sigaction : old.sa_handler;
}

__attribute__((constructor)) static void start(void) {
    const char *level = getenv("LITETTS_ISA_MASK");
    if (!level) fail("isa mask: LITETTS_ISA_MASK is not set (run through python -m benchmarks.isa.run)\n");
    if (strcmp(level, "avx2") == 0) keep_skx = 0;
    else if (strcmp(level, "avx512") == 0) keep_skx = 1;
    else fail("isa mask: LITETTS_ISA_MASK must be avx2 or avx512\n");
    find_sigaction();
    struct sigaction act;
    memset(&act, 0, sizeof act);
    act.sa_sigaction = on_segv;
    act.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&act.sa_mask);
    next_segv.sa_handler = SIG_DFL;
    if (real_sigaction(SIGSEGV, &act, NULL) != 0) fail("isa mask: cannot install the SIGSEGV handler\n");
    if (cpuid_faulting(1) != 0)
        fail("isa mask: this kernel or CPU has no cpuid faulting (no cpuid_fault flag); the mask cannot work here\n");
}
