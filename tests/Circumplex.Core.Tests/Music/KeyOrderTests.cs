using Circumplex.Music;
using Circumplex.Music.Storage;
using Xunit;

namespace Circumplex.Tests.Music;

/// <summary>The write order of an import (sorted by a packed id prefix, then the whole id) is exactly ordinal id order.</summary>
public class KeyOrderTests
{
    private static Song SongOf(string id) => new(id, "t", ["a"], null, null, null, null, 0.5, 0.5);

    [Fact]
    public void Songs_come_out_in_ordinal_id_order_also_when_prefixes_agree_or_ids_are_odd()
    {
        var rng = new Random(15);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        while (ids.Count < 20_000) ids.Add(SyntheticCatalog.RandomId(rng));
        // Ids sharing their first eight characters, shorter ids, and characters above 0xFF decide only after the prefix.
        foreach (var extra in new[] { "AAAAAAAAxxxxxxxxxxxxx1", "AAAAAAAAxxxxxxxxxxxxx0", "AAAAAAAA", "AAAAAAA", "AAAAAAAA\0", "ĀAAAAAAAb", "ÿAAAAAAAc", "ĀAAAAAAAa", "" })
            ids.Add(extra);
        var songs = ids.Select(SongOf).ToArray();
        rng.Shuffle(songs);
        var expected = ids.Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, CatalogRows.InKeyOrder(songs).Select(s => s.Id));
    }

    [Fact]
    public void An_id_twice_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => CatalogRows.InKeyOrder([SongOf("AAAAAAAAAAAAAAAAAAAAAB"), SongOf("AAAAAAAAAAAAAAAAAAAAAA"), SongOf("AAAAAAAAAAAAAAAAAAAAAB")]));
        Assert.Contains("AAAAAAAAAAAAAAAAAAAAAB appears twice", e.Message);
    }
}
