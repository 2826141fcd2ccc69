using Circumplex.Music.Index;

namespace Circumplex.Music.Journeys;

/// <summary>
/// Which songs a playlist may still take: the filters, no second copy of a song already in it, and the artist cap.
/// A struct so that the index search compiles it in; its sets are shared by reference between copies, so
/// <see cref="Use"/> is seen by the next search.
/// </summary>
internal readonly struct PlaylistRules : IPositionFilter
{
    private readonly ISongFacts _facts;
    private readonly HashSet<int> _usedIdentities = [];
    private readonly Dictionary<int, int> _artistUses = [];
    private readonly int _maxPerArtist;
    private readonly int _yearFrom, _yearTo, _popularityFrom, _popularityTo, _explicit, _genre;
    private readonly bool _filterYear, _filterPopularity, _filterGenre;

    public PlaylistRules(ISongFacts facts, JourneyFilter filter, int? maxPerArtist)
    {
        _facts = facts;
        _maxPerArtist = maxPerArtist ?? int.MaxValue;
        _filterYear = filter.YearFrom is not null || filter.YearTo is not null;
        _yearFrom = filter.YearFrom ?? int.MinValue;
        _yearTo = filter.YearTo ?? int.MaxValue;
        _filterPopularity = filter.PopularityFrom is not null || filter.PopularityTo is not null;
        _popularityFrom = filter.PopularityFrom ?? int.MinValue;
        _popularityTo = filter.PopularityTo ?? int.MaxValue;
        _explicit = filter.Explicit is bool e ? (e ? 1 : 0) : -1;
        _filterGenre = filter.Genre is not null;
        // A genre no song has matches nothing (-2 never equals a stored number, and -1 is "no genre").
        _genre = filter.Genre is null ? -1 : facts.GenreNumber(filter.Genre) is var g and >= 0 ? g : -2;
    }

    public bool Accepts(int position)
    {
        // Songs without the filtered value are left out: nobody asked for "1990-2010 or unknown".
        if (_filterYear)
        {
            int year = _facts.Year(position);
            if (year == 0 || year < _yearFrom || year > _yearTo) return false;
        }
        if (_filterPopularity)
        {
            int popularity = _facts.Popularity(position);
            if (popularity < 0 || popularity < _popularityFrom || popularity > _popularityTo) return false;
        }
        if (_explicit >= 0 && _facts.Explicit(position) != _explicit) return false;
        if (_filterGenre && _facts.Genre(position) != _genre) return false;
        if (_usedIdentities.Contains(_facts.Identity(position))) return false;
        if (_maxPerArtist != int.MaxValue)
            foreach (int artist in _facts.Artists(position))
                if (_artistUses.GetValueOrDefault(artist) >= _maxPerArtist) return false;
        return true;
    }

    public void Use(int position)
    {
        _usedIdentities.Add(_facts.Identity(position));
        foreach (int artist in _facts.Artists(position))
            _artistUses[artist] = _artistUses.GetValueOrDefault(artist) + 1;
    }
}
