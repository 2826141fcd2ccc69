using Circumplex.Feedback;
using nietras.SeparatedValues;

namespace Circumplex.Web.Tests;

/// <summary>GET /api/feedback/export read back as rows keyed by column name (song titles may hold commas and quotes).</summary>
public static class FeedbackExport
{
    public static async Task<IReadOnlyList<IReadOnlyDictionary<string, string>>> Read(HttpClient client)
    {
        var r = await client.Get("/api/feedback/export");
        Assert.Equal(System.Net.HttpStatusCode.OK, r.StatusCode);
        return Parse(await r.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    // Read with Sep, the CSV library the product's importers use, rather than a parser of the tests' own.
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> Parse(string csv)
    {
        Assert.True(csv.EndsWith("\r\n", StringComparison.Ordinal), "the export does not end with CRLF after its last record");
        using var reader = Sep.New(',').Reader(o => o with { Unescape = true }).FromText(csv);
        var columns = reader.Header.ColNames;
        Assert.Equal(FeedbackCsv.Header, string.Join(',', columns));
        var rows = new List<IReadOnlyDictionary<string, string>>();
        foreach (var row in reader)
        {
            var fields = new Dictionary<string, string>(columns.Count);
            foreach (string name in columns) fields[name] = row[name].ToString();
            rows.Add(fields);
        }
        return rows;
    }
}
