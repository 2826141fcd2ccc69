namespace Circumplex.Acquisition;

/// <summary>What to hand on when a photo holds several faces.</summary>
public enum MultiFaceMode
{
    /// <summary>Only the largest face (the default).</summary>
    Largest,

    /// <summary>Every face, each analysed on its own.</summary>
    Each,

    /// <summary>Every face; the caller averages their predictions (what the paper's authors' server did).</summary>
    Average,
}
