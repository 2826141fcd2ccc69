using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Circumplex.Web.Tests;

public static class Http
{
    public static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    public static MultipartFormDataContent Multipart(string field, byte[] data, string fileName, string contentType)
    {
        var content = new ByteArrayContent(data);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return new MultipartFormDataContent { { content, field, fileName } };
    }

    public static async Task<JsonElement> Problem(HttpResponseMessage r, HttpStatusCode status, string detailContains)
    {
        string body = await r.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(status == r.StatusCode, $"expected {(int)status}, got {(int)r.StatusCode}: {body}");
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, json.GetProperty("status").GetInt32());
        string detail = json.GetProperty("detail").GetString() ?? "";
        Assert.True(detail.Contains(detailContains, StringComparison.Ordinal), $"detail '{detail}' lacks '{detailContains}'");
        return json;
    }

    public static async Task<T> Ok<T>(HttpResponseMessage r, HttpStatusCode status = HttpStatusCode.OK)
    {
        string body = await r.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(status == r.StatusCode, $"expected {(int)status}, got {(int)r.StatusCode}: {body}");
        return JsonSerializer.Deserialize<T>(body, Json)!;
    }

    public static Task<HttpResponseMessage> PostJson(this HttpClient c, string url, string json) =>
        c.PostAsync(url, new StringContent(json, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

    public static Task<HttpResponseMessage> Get(this HttpClient c, string url) => c.GetAsync(url, TestContext.Current.CancellationToken);

    public static Task<HttpResponseMessage> Post(this HttpClient c, string url, HttpContent content) =>
        c.PostAsync(url, content, TestContext.Current.CancellationToken);

    public static Task<T?> GetJson<T>(this HttpClient c, string url) => c.GetFromJsonAsync<T>(url, Json, TestContext.Current.CancellationToken);
}
