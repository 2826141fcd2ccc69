using Circumplex.Feedback;

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

    public static IReadOnlyList<IReadOnlyDictionary<string, string>> Parse(string csv)
    {
        var records = Records(csv);
        Assert.Equal(FeedbackCsv.Header, string.Join(',', records[0]));
        return records.Skip(1)
            .Select(fields => (IReadOnlyDictionary<string, string>)records[0].Zip(fields).ToDictionary(p => p.First, p => p.Second))
            .ToArray();
    }

    private static List<List<string>> Records(string csv)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < csv.Length; i++)
        {
            char c = csv[i];
            if (quoted)
            {
                if (c != '"') field.Append(c);
                else if (i + 1 < csv.Length && csv[i + 1] == '"') { field.Append('"'); i++; }
                else quoted = false;
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { record.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && i + 1 < csv.Length && csv[i + 1] == '\n')
            {
                record.Add(field.ToString());
                field.Clear();
                records.Add(record);
                record = [];
                i++;
            }
            else field.Append(c);
        }
        Assert.True(field.Length == 0 && record.Count == 0 && !quoted, "the export does not end with CRLF after its last record");
        return records;
    }
}
