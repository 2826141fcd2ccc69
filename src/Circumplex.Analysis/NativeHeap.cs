using System.Runtime.InteropServices;

namespace Circumplex.Analysis;

/// <summary>
/// Hands the C heap's free memory back to the operating system. Decoding a photo (OpenCV) and a forward pass
/// (libtorch) allocate tens of megabytes natively, from whichever of glibc's per-thread arenas the request's thread
/// uses; freed, that memory stays with the arena, so a server that analysed photos on many threads keeps the peak of
/// each. Trimming once analyses have paused returns it; it costs about as much as an analysis (the pages are faulted
/// in again by the next one), so it never follows each analysis.
/// </summary>
internal static class NativeHeap
{
    public static void Trim()
    {
        if (OperatingSystem.IsLinux()) MallocTrim(0);
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
