namespace Circumplex.Music.Index;

/// <summary>Which songs a filtered index search may return, by their position in the list the index was built from.</summary>
public interface IPositionFilter
{
    bool Accepts(int position);
}
