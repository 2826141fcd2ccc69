using System.CommandLine;

namespace Circumplex.Cli.Commands;

/// <summary>Options that shape a playlist, shared by `recommend` (Match) and `journey`.</summary>
public static class PlaylistOptions
{
    public static Option<int> MaxPerArtist() => new("--max-per-artist")
    {
        Description = "At most this many songs by one artist (0: no cap)",
        DefaultValueFactory = _ => 1,
    };

    /// <summary>The cap as the planner takes it: null for none.</summary>
    public static int? Cap(int value) =>
        value < 0 ? throw new ArgumentOutOfRangeException("--max-per-artist", value, "--max-per-artist must be 0 (no cap) or more")
        : value == 0 ? null : value;
}
