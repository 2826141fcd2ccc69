using System.Runtime.InteropServices;

namespace Circumplex.Models.Runtime;

/// <summary>
/// Turns libtorch's oneDNN (MKL-DNN) kernels off on CPUs that do not report their cache sizes.
/// </summary>
/// <remarks>
/// oneDNN 3.7 (inside libtorch 2.10) sizes its convolution blocks from the L1/L2 cache sizes that CPUID reports.
/// Some virtual machines (seen here: an AMD EPYC family 26 guest) report none, and the backward 1×1 convolution
/// kernels then divide by zero: the process dies with SIGFPE in
/// <c>brgemm_convolution_bwd_utils::brg_blocking_t::est_eff_1x1</c> (and in the AVX2 <c>jit_1x1</c> path when
/// the ISA is capped), so no environment variable of oneDNN's avoids it. Without oneDNN, libtorch falls back
/// to its own im2col + GEMM convolutions, which are correct everywhere. TorchSharp has no binding for
/// <c>torch.backends.mkldnn.enabled</c>, so the two exported libtorch symbols behind it are called directly.
/// Linux exposes the same CPUID cache leaves under /sys/devices/system/cpu/cpu0/cache; their absence is the test.
/// <c>CIRCUMPLEX_ONEDNN=on|off</c> overrides the detection either way.
/// </remarks>
public static class OneDnnGuard
{
    public const string OverrideVariable = "CIRCUMPLEX_ONEDNN";
    private const string CacheDirectory = "/sys/devices/system/cpu/cpu0/cache";
    private static readonly Lock Gate = new();
    private static bool applied;

    /// <summary>Whether oneDNN stays enabled, once <see cref="Apply"/> has run.</summary>
    public static bool OneDnnEnabled { get; private set; } = true;

    /// <summary>Why oneDNN is on or off, for diagnostics.</summary>
    public static string Reason { get; private set; } = "not applied yet";

    /// <summary>Decides once per process; cheap to call before every network is built.</summary>
    public static void Apply()
    {
        if (applied) return;
        lock (Gate)
        {
            if (applied) return;
            var (enable, reason) = Decide(Environment.GetEnvironmentVariable(OverrideVariable), CpuReportsCaches());
            if (!enable) SetMkldnnEnabled(false);
            OneDnnEnabled = enable;
            Reason = reason;
            applied = true;
        }
    }

    /// <summary>The decision alone: an explicit override wins, otherwise oneDNN only where caches are known.</summary>
    public static (bool Enable, string Reason) Decide(string? overrideValue, bool cpuReportsCaches)
    {
        switch (overrideValue?.Trim().ToLowerInvariant())
        {
            case null or "": break;
            case "on" or "1" or "true": return (true, $"{OverrideVariable}={overrideValue}");
            case "off" or "0" or "false": return (false, $"{OverrideVariable}={overrideValue}");
            default:
                throw new ArgumentException($"{OverrideVariable} must be 'on' or 'off', not '{overrideValue}'");
        }
        return cpuReportsCaches
            ? (true, "the CPU reports its cache sizes")
            : (false, "the CPU reports no cache sizes, which makes oneDNN's convolution backward divide by zero");
    }

    private static bool CpuReportsCaches() =>
        !OperatingSystem.IsLinux() || (Directory.Exists(CacheDirectory) && Directory.EnumerateDirectories(CacheDirectory, "index*").Any());

    private static void SetMkldnnEnabled(bool enabled)
    {
        // Loading TorchSharp's native side first makes libtorch_cpu resolvable from the same runtime folder.
        TorchSharp.torch.InitializeDeviceType(TorchSharp.DeviceType.CPU);
        NativeMethods.SetUserEnabledMkldnn(NativeMethods.GlobalContext(), enabled);
        if (NativeMethods.UserEnabledMkldnn(NativeMethods.GlobalContext()) != enabled)
            throw new InvalidOperationException("libtorch did not accept the oneDNN setting");
    }

    private static class NativeMethods
    {
        private const string Library = "libtorch_cpu";

        // at::globalContext()
        [DllImport(Library, EntryPoint = "_ZN2at13globalContextEv")]
        public static extern IntPtr GlobalContext();

        // void at::Context::setUserEnabledMkldnn(bool)
        [DllImport(Library, EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb")]
        public static extern void SetUserEnabledMkldnn(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

        // bool at::Context::userEnabledMkldnn() const
        [DllImport(Library, EntryPoint = "_ZNK2at7Context17userEnabledMkldnnEv")]
        [return: MarshalAs(UnmanagedType.U1)]
        public static extern bool UserEnabledMkldnn(IntPtr context);
    }
}
