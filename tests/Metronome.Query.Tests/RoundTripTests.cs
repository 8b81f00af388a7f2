using Metronome.Query.Diagnostics;
using Metronome.Query.Syntax;

namespace Metronome.Query.Tests;

/// <summary>Printing is the inverse of parsing: parse(print(ast)) == ast for every query of the cases.</summary>
public sealed class RoundTripTests
{
    public static TheoryData<string> Queries()
    {
        var data = new TheoryData<string>();
        foreach (var c in LanguageCase.LoadAll())
        {
            data.Add(c.ToString());
        }

        foreach (var extra in Extra)
        {
            data.Add(extra);
        }

        return data;
    }

    private static readonly string[] Extra =
    [
        "a AND (b OR c) NOT d | where !(x = 1) and -y < 2 or z in (1, \"a\") ? 1 : 2 as q",
        "* | kv field=msg regex \"(\\w+)=(\\w+)\" \"a\", \"b\" as x, y nodrop",
        "* | json field=body auto nodrop | keyvalue auto",
        "* | split _raw delim=\"'\", quote='\"', escape='\\' extract 2 as b, c, _",
        "* | fillmissing timeslice(5m) in t, values all in h, values(\"a\") in k with null for c, 0 for d takeLast",
        "* | count as %\"odd name\" by %\"document-uri\", %desc | sort by %count asc",
        "* | lookup * from geo://location on ip=%\"client ip\"",
        "* | transpose row a column b, c as %\"200\", *",
        "* | 3.14e+4 * 10Ki / 1.5s % 2 as n | a - (b - c) as d | (a = b) = c as e",
        "* | where x matches y and x not matches /a\\/b/ and x not in (1)",
        "* | timeslice 60 buckets as b | timeslice | total x by a, b | accum x as y",
    ];

    [Theory]
    [MemberData(nameof(Queries))]
    public void Printing_then_parsing_gives_the_same_tree(string id)
    {
        var c = LanguageCase.LoadAll().FirstOrDefault(c => c.ToString() == id);
        Syntax.Ast.QueryNode tree;
        try
        {
            tree = Parser.Parse(c is null ? id : TemplateVariables.Substitute(c.Query, c.Variables).Text);
        }
        catch (QueryException)
        {
            return; // error cases have nothing to print
        }

        var printed = QueryPrinter.Print(tree);
        var reparsed = Parser.Parse(printed);
        Assert.True(tree.Equals(reparsed), $"printed:\n{printed}");
        Assert.Equal(printed, QueryPrinter.Print(reparsed));
    }
}
