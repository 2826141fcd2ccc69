using Circumplex.Feedback;
using Xunit;

namespace Circumplex.Tests.Feedback;

public class FeedbackCsvTests
{
    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("=HYPERLINK(\"http://evil\",\"x\")", "'=HYPERLINK(\"http://evil\",\"x\")")]
    [InlineData("@SUM(A1:A9)", "'@SUM(A1:A9)")]
    [InlineData("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("\r=1", "'\r=1")]
    [InlineData("-0.5", "-0.5")]
    [InlineData("+1", "+1")]
    [InlineData("-1e3", "-1e3")]
    [InlineData("Happy = sad", "Happy = sad")]
    [InlineData("", "")]
    public void Cells_a_spreadsheet_would_run_as_formulas_get_an_apostrophe_and_numbers_stay(string cell, string expected) =>
        Assert.Equal(expected, FeedbackCsv.Neutralise(cell));

    [Fact]
    public void A_neutralised_field_is_still_quoted_when_it_holds_a_comma_or_quote()
    {
        var w = new StringWriter();
        FeedbackCsv.Field(w, "=HYPERLINK(\"a\",\"b\")");
        Assert.Equal("\"'=HYPERLINK(\"\"a\"\",\"\"b\"\")\"", w.ToString());
    }
}
