using System.Text.Json;
using System.Text.Json.Serialization;
using Circumplex.Music;

namespace Circumplex.Web;

/// <summary>
/// One recommended song: rank (1 = nearest), details, its circumplex point (v = 2·valence − 1, a = 2·energy − 1) and
/// its distance from the query, both rounded to 6 decimals (Spotify publishes 3), and Spotify links.
/// </summary>
public sealed record SongResult(
    int Rank, string Id, string Title, IReadOnlyList<string> Artists, string? Album, int? Year, int? Popularity, bool? Explicit,
    double Valence, double Arousal, double Distance, string Url, string EmbedUrl)
{
    internal static SongResult From(Recommendation r)
    {
        var s = r.Song;
        return new SongResult(r.Rank, s.Id, s.Title, s.Artists, s.Album, s.Year, s.Popularity, s.Explicit,
            Math.Round(2 * s.SpotifyValence - 1, 6), Math.Round(2 * s.SpotifyEnergy - 1, 6), Math.Round(r.Distance, 6), s.SpotifyUrl, s.EmbedUrl);
    }

    internal static SongResult[] From(Recommendation[] recommendations)
    {
        var result = new SongResult[recommendations.Length];
        for (int i = 0; i < result.Length; i++) result[i] = From(recommendations[i]);
        return result;
    }
}

/// <summary>GET /api/recommend: the point, the emotion the model's tree names there (null without a model), and the k nearest songs.</summary>
public sealed record RecommendResponse(double Valence, double Arousal, string? Emotion, IReadOnlyList<SongResult> Songs);

/// <summary>A photo's pixel size.</summary>
public sealed record ImageSize(int Width, int Height);

/// <summary>
/// POST /api/analyze: faces found, the estimate, its emotion and the nearest songs; <see cref="PhotoStored"/> says
/// whether this photo was kept on the server (only when the operator turned photo storage on).
/// </summary>
public sealed record AnalyzeResponse(
    ImageSize Image, IReadOnlyList<FaceBox> Faces, double Valence, double Arousal, string Emotion, string Model,
    IReadOnlyList<SongResult> Songs, string? CatalogMessage, bool PhotoStored);

/// <summary>One past import.</summary>
public sealed record ImportSummary(long Id, string Source, string Schema, DateTimeOffset ImportedAt, int RowsRead, int SongsImported, int MalformedRows, int Duplicates);

/// <summary>Whether an affect model is loaded, and which tree names emotions: "model" (its own) or "none".</summary>
public sealed record ModelStatus(bool Loaded, string? Name, string EmotionTree);

/// <summary>The server's request limits.</summary>
public sealed record LimitsStatus(long MaxPhotoBytes, long MaxCatalogUploadBytes, bool CatalogUploadAllowed, int MaxK, int AnalyzeConcurrency, int AnalyzeQueue);

/// <summary>
/// GET /api/catalog; <see cref="StoresPhotos"/> says whether the photos this requester has analysed are written to disk
/// (only the operator's are, and only when photo storage is on); <see cref="Operator"/> whether the requester is the operator.
/// </summary>
public sealed record CatalogStatusResponse(
    int SongCount, bool Empty, string? HowToLoad, IReadOnlyList<ImportSummary> Imports, long Generation,
    double? MinValence, double? MaxValence, double? MinEnergy, double? MaxEnergy, int? MinYear, int? MaxYear,
    ModelStatus Model, LimitsStatus Limits, bool StoresPhotos, bool Operator);

/// <summary>A malformed CSV row: its 1-based first line (and last, when a quoted field ran over several) and why it was skipped.</summary>
public sealed record RowErrorDto(int Line, string Reason, int LastLine);

/// <summary>
/// POST /api/catalog/upload. <c>Schema</c> is a known schema's name, or "by-column-names: id=…, title=…" when the
/// columns were matched by their names; <c>Columns</c> lists field=column pairs either way. <c>Added</c> songs were
/// new to the catalog, <c>Updated</c> ones replaced a song with the same id. <c>CutRows</c> counts rows imported with an
/// overlong field cut short (the first are listed).
/// </summary>
public sealed record UploadResponse(
    string FileName, string Schema, int RowsRead, int SongsImported, int MalformedRows, int Duplicates,
    IReadOnlyList<RowErrorDto> FirstMalformedRows, bool Replaced, int SongCount,
    string Columns, string Encoding, int InvalidBytes, IReadOnlyList<int> InvalidByteLines, int Added, int Updated,
    int CutRows, IReadOnlyList<RowErrorDto> FirstCutRows);

/// <summary>A thumbs up/down for one song in POST /api/feedback.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class SongVoteRequest
{
    /// <summary>The song's Spotify id (22 characters).</summary>
    public string? SongId { get; set; }
    /// <summary>"up" or "down".</summary>
    public string? Vote { get; set; }
}

/// <summary>Answers to the paper's four survey statements, each 1 (strongly disagree) … 5 (strongly agree); omit to skip one.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class SurveyRequest
{
    public int? Q1 { get; set; }
    public int? Q2 { get; set; }
    public int? Q3 { get; set; }
    public int? Q4 { get; set; }
}

/// <summary>POST /api/feedback: the point the feedback refers to, with song votes and/or survey answers.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class FeedbackRequest
{
    /// <summary>Valence of the point the songs were recommended for, in [-1, 1].</summary>
    public double? Valence { get; set; }
    /// <summary>Arousal of that point, in [-1, 1].</summary>
    public double? Arousal { get; set; }
    /// <summary>"photo" (estimated from a photo; the default) or "manual" (placed or corrected by the user).</summary>
    public string? Source { get; set; }
    /// <summary>The emotion shown to the user (optional).</summary>
    public string? Emotion { get; set; }
    public List<SongVoteRequest>? Songs { get; set; }
    public SurveyRequest? Survey { get; set; }
    /// <summary>"match" or "lift": how the songs were chosen (optional).</summary>
    public string? Mode { get; set; }
    /// <summary>The lift's target (only with mode "lift").</summary>
    public PointRequest? Target { get; set; }
    /// <summary>An id the page makes up per visit (1–64 letters, digits, '-' or '_'), linking a visit's submissions.</summary>
    public string? Session { get; set; }
    /// <summary>How the listener feels after the journey ("how do you feel now?"); the point above is the one before.</summary>
    public PointRequest? After { get; set; }
}

/// <summary>A circumplex point in a request: valence and arousal, each in [-1, 1].</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class PointRequest
{
    public double? Valence { get; set; }
    public double? Arousal { get; set; }
}

/// <summary>
/// POST /api/journey: from the listener's point to <see cref="To"/> (or, with <see cref="Mode"/> "lift" and no
/// target, where the default rule says), or Match (<see cref="Mode"/> "match": songs at the point).
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class JourneyRequestBody
{
    /// <summary>The listener's point (required).</summary>
    public PointRequest? From { get; set; }
    /// <summary>The target a person picked (Lift).</summary>
    public PointRequest? To { get; set; }
    /// <summary>"lift" (the default) or "match".</summary>
    public string? Mode { get; set; }
    /// <summary>How many songs, 1..50 (default 10).</summary>
    public int? Count { get; set; }
    /// <summary>At most this many songs by one artist (default 1; 0 for no cap).</summary>
    public int? MaxPerArtist { get; set; }
    /// <summary>Filters by name: year ("1990-2010"), popularity ("50-100"), explicit (true/false), genre (a name).</summary>
    public Dictionary<string, JsonElement>? Filters { get; set; }
}

/// <summary>What POST /api/feedback stored.</summary>
public sealed record FeedbackResponse(long Submission, DateTimeOffset CreatedAt, int Votes, bool Survey);

/// <summary>
/// GET /api/emotions/regions: the emotion the tree names at the centre of each cell of a size × size grid over the
/// circumplex. Rows run from arousal +1 (row 0) down to −1, columns from valence −1 to +1; each row is a string of
/// expression codes (one digit per cell) that index <see cref="Emotions"/>. Only a loaded model's tree draws regions.
/// </summary>
public sealed record RegionsResponse(int Size, IReadOnlyList<string> Emotions, IReadOnlyList<string> Rows);

/// <summary>POST /api/operator/session: the operator token.</summary>
public sealed class OperatorSignInRequest
{
    public string? Token { get; set; }
}

/// <summary>
/// Whether the browser is signed in as the operator; when it is, the antiforgery token to send in the X-CSRF-TOKEN
/// header of its writes (catalog uploads).
/// </summary>
public sealed record OperatorSessionResponse(bool SignedIn, string? AntiforgeryToken);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(RecommendResponse))]
[JsonSerializable(typeof(AnalyzeResponse))]
[JsonSerializable(typeof(CatalogStatusResponse))]
[JsonSerializable(typeof(UploadResponse))]
[JsonSerializable(typeof(FeedbackRequest))]
[JsonSerializable(typeof(FeedbackResponse))]
[JsonSerializable(typeof(RegionsResponse))]
[JsonSerializable(typeof(JourneyRequestBody))]
[JsonSerializable(typeof(Circumplex.Music.Journeys.Export.JourneyDocument))]
[JsonSerializable(typeof(OperatorSignInRequest))]
[JsonSerializable(typeof(OperatorSessionResponse))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails))]
[JsonSerializable(typeof(Microsoft.AspNetCore.Http.HttpValidationProblemDetails))]
internal sealed partial class WebJsonContext : JsonSerializerContext;
