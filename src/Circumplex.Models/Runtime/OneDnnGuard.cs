using System.Runtime.InteropServices;

namespace Circumplex.Models.Runtime;

/// <summary>
/// Keeps libtorch's oneDNN (MKL-DNN) kernels away from the one network whose training they crash on CPUs that do not
/// report their cache sizes, and leaves them on for everything else.
/// </summary>
/// <remarks>
/// oneDNN 3.7 (inside libtorch 2.10) sizes its convolution blocks from the L1/L2 cache sizes that CPUID reports.
/// Some virtual machines (seen here: an AMD EPYC family 26 guest) report none, and one backward kernel then divides
/// by zero: the process dies with SIGFPE in <c>brgemm_convolution_bwd_utils::brg_blocking_t::est_eff_1x1</c>, reached
/// from <c>brgemm_convolution_bwd_strided_t</c> when ResNet50's bottlenecks are trained; no environment variable of
/// oneDNN's avoids it. Measured on that machine, a training step of every other architecture (AlexNet, ViT, InvNet50,
/// DRViT, ResNet18, at 64 and 112 px) runs under oneDNN, 2.5–5× faster per convolution than libtorch's own im2col +
/// GEMM fallback (ResNet18 at 64 px: 82 against 19 images/s). So oneDNN is turned off — for the rest of the process,
/// since the switch is global and another thread may be mid-step — as soon as a network that crashes is built there.
/// TorchSharp has no binding for <c>torch.backends.mkldnn.enabled</c>, so the two exported libtorch symbols behind it
/// are called directly. Linux exposes the CPUID cache leaves under /sys/devices/system/cpu/cpu0/cache; their absence
/// is the test. <c>CIRCUMPLEX_ONEDNN=on|off</c> overrides the detection either way.
/// </remarks>
public static class OneDnnGuard
{
    public const string OverrideVariable = "CIRCUMPLEX_ONEDNN";
    private const string CacheDirectory = "/sys/devices/system/cpu/cpu0/cache";
    private static readonly Lock Gate = new();
    private static bool offForGood;
    private static readonly Lazy<bool> ReportsCaches = new(CpuReportsCaches);

    /// <summary>Architectures whose backward pass reaches the crashing oneDNN kernel on CPUs without cache sizes.</summary>
    public static readonly IReadOnlySet<Architecture> CrashWithoutCacheSizes = new HashSet<Architecture> { Architecture.ResNet50 };

    /// <summary>Whether oneDNN is on after the last <see cref="Apply"/>.</summary>
    public static bool OneDnnEnabled { get; private set; } = true;

    /// <summary>Why oneDNN is on or off, for diagnostics.</summary>
    public static string Reason { get; private set; } = "not applied yet";

    /// <summary>Decides before a network of this architecture is built; cheap, and once off it stays off.</summary>
    public static void Apply(Architecture architecture)
    {
        lock (Gate)
        {
            if (offForGood) return;
            var (enable, reason) = Decide(Environment.GetEnvironmentVariable(OverrideVariable), ReportsCaches.Value, architecture);
            if (!enable) SetMkldnnEnabled(false); // on is libtorch's default
            OneDnnEnabled = enable;
            Reason = reason;
            offForGood = !enable;
        }
    }

    /// <summary>The decision alone: an explicit override wins, otherwise oneDNN is off only for a network it crashes.</summary>
    public static (bool Enable, string Reason) Decide(string? overrideValue, bool cpuReportsCaches, Architecture architecture)
    {
        switch (overrideValue?.Trim().ToLowerInvariant())
        {
            case null or "": break;
            case "on" or "1" or "true": return (true, $"{OverrideVariable}={overrideValue}");
            case "off" or "0" or "false": return (false, $"{OverrideVariable}={overrideValue}");
            default:
                throw new ArgumentException($"{OverrideVariable} must be 'on' or 'off', not '{overrideValue}'");
        }
        if (cpuReportsCaches) return (true, "the CPU reports its cache sizes");
        return CrashWithoutCacheSizes.Contains(architecture)
            ? (false, $"the CPU reports no cache sizes, which makes oneDNN's convolution backward divide by zero in {architecture}")
            : (true, $"the CPU reports no cache sizes, but {architecture} does not reach the oneDNN kernel that then divides by zero");
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
