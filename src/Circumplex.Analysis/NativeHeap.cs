using System.Runtime.InteropServices;

namespace Circumplex.Analysis;

/// <summary>
/// Keeps the memory of analyses from staying with the process. Decoding a photo (OpenCV and the managed buffers
/// around it) and a forward pass (libtorch) allocate tens of megabytes; freed, native memory stays with the glibc
/// arena of the thread that used it, and large managed buffers leave holes in the large-object heap. A server that
/// analysed photos on many threads would keep the peak of each (600k songs: 626 MB after the fuzz pass, 590 MB at
/// rest; see the README's memory rows).
/// </summary>
internal static class NativeHeap
{
    private const int ArenaMaxOption = -8;      // M_ARENA_MAX in glibc's malloc.h
    private const int MmapThresholdOption = -3; // M_MMAP_THRESHOLD
    private const int MmapThreshold = 16 << 20;  // see ConfigureAllocator

    /// <summary>
    /// One glibc arena per core instead of glibc's eight per core: request threads share them (only one forward pass
    /// runs at a time anyway), so freed memory is reused instead of parked in an arena per thread. Takes effect for
    /// arenas made after the call, so it is made before the model is loaded.
    /// </summary>
    /// <remarks>
    /// Also fixes glibc's mmap threshold at 16 MiB: left dynamic, it rises to the largest block ever freed (up to
    /// 32 MiB), after which blocks that size come from the arenas and stay there; fixed, a large photo's buffers are
    /// mapped and go back to the system the moment they are freed. Not lower: an analysis of a 640×480 photo allocates
    /// blocks of 4–16 MiB itself, and mapping them afresh every time made it 5× slower (162 ms at 4 MiB, 29 ms at 16).
    /// </remarks>
    public static void ConfigureAllocator(int arenas)
    {
        if (!OperatingSystem.IsLinux()) return;
        MallOpt(ArenaMaxOption, Math.Max(1, arenas));
        MallOpt(MmapThresholdOption, MmapThreshold);
    }

    /// <summary>
    /// A compacting collection that decommits (managed buffers, and the native memory of tensors whose finalizers it
    /// runs), then the C heap's free pages handed back. It costs about as much as an analysis (the pages are faulted
    /// in again by the next one), so it runs once analyses have paused, never after each.
    /// </summary>
    public static void Release()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        if (OperatingSystem.IsLinux()) MallocTrim(0);
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int MallOpt(int option, int value);
}
