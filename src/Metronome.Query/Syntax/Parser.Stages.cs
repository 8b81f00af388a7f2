using System.Globalization;
using SortKey = Metronome.Query.Syntax.Ast.SortKey;
using Metronome.Query.Diagnostics;
using Metronome.Query.Syntax.Ast;

namespace Metronome.Query.Syntax;

/// <summary>The pipeline operators, one method each.</summary>
public sealed partial class Parser
{
    /// <summary>Words that start an aggregation stage.</summary>
    public static readonly IReadOnlySet<string> AggregateFunctions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "count", "count_distinct", "sum", "avg", "min", "max", "pct", "stddev", "first", "last", "values",
    };

    private Stage ParseStage()
    {
        var start = _token.Span;
        var stage = ParseStageBody();
        return stage with { Span = SourceSpan.Between(start, _previous.Span) };
    }

    private Stage ParseStageBody()
    {
        if (_token.Is(TokenKind.Identifier))
        {
            switch (_token.Value.ToLowerInvariant())
            {
                case "parse": return ParseParse(extract: false);
                case "extract": return ParseParse(extract: true);
                case "json": return ParseJson();
                case "keyvalue" or "kv": return ParseKeyValue();
                case "csv": return ParseCsv(isSplit: false);
                case "split": return ParseCsv(isSplit: true);
                case "where": Advance(); return new WhereStage(Expression());
                case "fields": return ParseFields();
                case "timeslice": return ParseTimeslice();
                case "sort" or "order": return ParseSort();
                case "top": return ParseTop();
                case "limit": Advance(); return new LimitStage(Count("a row count after 'limit'", 10_000));
                case "transpose": return ParseTranspose();
                case "fillmissing": return ParseFillmissing();
                case "total": return ParseRunning(total: true);
                case "accum": return ParseRunning(total: false);
                case "lookup": return ParseLookup();
            }
        }

        if (_token.Is(TokenKind.Identifier) && AggregateFunctions.Contains(_token.Value))
        {
            return ParseAggregate();
        }

        if (_token.Kind is TokenKind.End or TokenKind.Pipe)
        {
            throw Expected("an operator after '|'");
        }

        var value = Expression();
        if (_token.IsKeyword("as"))
        {
            Advance();
            return new AssignStage(value, Name("a field name after 'as'"));
        }

        if (value is CallExpr call && call.Arguments.Count > 0 && call.Arguments[0] is FieldRef)
        {
            return new EvalStage(call);
        }

        if (value is FieldRef unknown && _token.Kind is not (TokenKind.Pipe or TokenKind.End))
        {
            throw Error(DiagnosticCode.UnknownOperator, $"unknown operator '{unknown.Name}'", unknown.Span);
        }

        throw Expected("'as' and a field name after the expression");
    }

    private Stage ParseParse(bool extract)
    {
        Advance();
        var regex = extract;
        string? field = null;
        while (true)
        {
            if (_token.IsKeyword("regex") && !regex)
            {
                regex = true;
                Advance();
            }
            else if (_token.IsKeyword("field") && field is null)
            {
                field = FieldOption();
            }
            else
            {
                break;
            }
        }

        var pattern = StringValue(regex ? "a quoted regular expression" : "a quoted pattern such as \"a=* b=*\"");
        var names = new List<string>();
        bool nodrop = false, multi = false;
        while (true)
        {
            if (_token.IsKeyword("nodrop"))
            {
                nodrop = true;
                Advance();
            }
            else if (regex && _token.IsKeyword("multi"))
            {
                multi = true;
                Advance();
            }
            else if (regex && field is null && _token.IsKeyword("field"))
            {
                field = FieldOption();
            }
            else if (!regex && names.Count == 0 && _token.IsKeyword("as"))
            {
                Advance();
                names.AddRange(NameList("a field name after 'as'"));
            }
            else
            {
                break;
            }
        }

        if (regex)
        {
            return new ParseRegexStage(field, pattern.Value, multi, nodrop);
        }

        if (names.Count == 0)
        {
            throw Expected("'as' and the field names for the pattern's '*'");
        }

        var stars = AnchorPattern.CountCaptures(pattern.Value, out var doubleStar);
        if (doubleStar)
        {
            throw Error(DiagnosticCode.InvalidPattern, "'**' is not allowed in a parse pattern", pattern.Span);
        }

        if (stars != names.Count)
        {
            throw Error(DiagnosticCode.FieldCountMismatch, $"the pattern has {stars} '*' but {names.Count} field names follow 'as'", pattern.Span);
        }

        return new ParseAnchorStage(field, pattern.Value, names, nodrop);
    }

    private Stage ParseJson()
    {
        Advance();
        string? field = null;
        bool auto = false, nodrop = false;
        var paths = new List<string>();
        var names = new List<string>();
        while (true)
        {
            if (_token.IsKeyword("field") && field is null)
            {
                field = FieldOption();
            }
            else if (_token.IsKeyword("auto") && paths.Count == 0)
            {
                auto = true;
                Advance();
            }
            else if (_token.IsKeyword("nodrop"))
            {
                nodrop = true;
                Advance();
            }
            else if (_token.Is(TokenKind.String) && !auto && paths.Count == 0)
            {
                paths.Add(_token.Value);
                Advance();
                while (_token.Is(TokenKind.Comma))
                {
                    Advance();
                    paths.Add(StringValue("a quoted JSON path after ','").Value);
                }
            }
            else if (_token.IsKeyword("as") && paths.Count > 0 && names.Count == 0)
            {
                Advance();
                names.AddRange(NameList("a field name after 'as'"));
            }
            else
            {
                break;
            }
        }

        if (!auto && paths.Count == 0)
        {
            throw Expected("a quoted JSON key or path, or 'auto'");
        }

        if (names.Count > 0 && names.Count != paths.Count)
        {
            throw Error(DiagnosticCode.FieldCountMismatch, $"{paths.Count} JSON paths but {names.Count} field names after 'as'", _previous.Span);
        }

        return new JsonStage(field, auto, paths, names, nodrop);
    }

    private Stage ParseKeyValue()
    {
        Advance();
        string? field = null, regex = null;
        var mode = KeyValueMode.Infer;
        var nodrop = false;
        var keys = new List<string>();
        var names = new List<string>();
        while (true)
        {
            if (_token.IsKeyword("field") && field is null)
            {
                field = FieldOption();
            }
            else if (_token.IsKeyword("infer") || _token.IsKeyword("keys"))
            {
                Advance();
            }
            else if (_token.IsKeyword("auto") && keys.Count == 0)
            {
                mode = KeyValueMode.Auto;
                Advance();
            }
            else if (_token.IsKeyword("regex") && regex is null)
            {
                Advance();
                mode = KeyValueMode.Regex;
                regex = StringValue("a quoted regular expression after 'regex'").Value;
            }
            else if (_token.IsKeyword("nodrop"))
            {
                nodrop = true;
                Advance();
            }
            else if (_token.Is(TokenKind.String) && keys.Count == 0)
            {
                keys.Add(_token.Value);
                Advance();
                while (_token.Is(TokenKind.Comma))
                {
                    Advance();
                    keys.Add(StringValue("a quoted key after ','").Value);
                }
            }
            else if (_token.IsKeyword("as") && keys.Count > 0 && names.Count == 0)
            {
                Advance();
                names.AddRange(NameList("a field name after 'as'"));
            }
            else
            {
                break;
            }
        }

        if (mode != KeyValueMode.Auto && keys.Count == 0)
        {
            throw Expected("quoted keys, or 'auto'");
        }

        if (names.Count > 0 && names.Count != keys.Count)
        {
            throw Error(DiagnosticCode.FieldCountMismatch, $"{keys.Count} keys but {names.Count} field names after 'as'", _previous.Span);
        }

        return new KeyValueStage(field, mode, regex, keys, names, nodrop);
    }

    private Stage ParseCsv(bool isSplit)
    {
        var keyword = _token.Value;
        Advance();
        var field = Name($"the field to split after '{keyword}' (use _raw for the message)");
        char? delimiter = null, quote = null, escape = null;
        while (_token.Is(TokenKind.Identifier) && !_token.IsKeyword("extract"))
        {
            var option = _token;
            Advance();
            Expect(TokenKind.Equals, $"'=' after '{option.Value}'");
            var value = _token;
            if (value.Kind is not (TokenKind.SingleQuoted or TokenKind.String) || value.Value.Length != 1)
            {
                throw Expected($"a single quoted character such as ':' for '{option.Value}'");
            }

            Advance();
            var c = value.Value[0];
            switch (option.Value.ToLowerInvariant())
            {
                case "delim" when isSplit: delimiter = c; break;
                case "quote": quote = c; break;
                case "escape": escape = c; break;
                default: throw Error(DiagnosticCode.Expected, $"expected 'escape', 'quote'{(isSplit ? " or 'delim'" : "")} but found '{option.Value}'", option.Span);
            }

            if (_token.Is(TokenKind.Comma))
            {
                Advance();
            }
        }

        if (_token.IsKeyword("nodrop"))
        {
            throw Error(DiagnosticCode.NodropNotSupported, $"nodrop is not supported by {keyword}", _token.Span);
        }

        if (!_token.IsKeyword("extract"))
        {
            throw Expected("'extract' and the output fields");
        }

        Advance();
        var columns = new List<CsvColumn>();
        var position = 1;
        do
        {
            if (columns.Count > 0)
            {
                Advance();
            }

            if (_token.Is(TokenKind.Number))
            {
                var index = Count("a column number", 1_000);
                Expect(TokenKind.Identifier, "'as' after the column number");
                if (!_previous.IsKeyword("as"))
                {
                    throw Error(DiagnosticCode.Expected, $"expected 'as' after the column number but found {_previous.Describe()}", _previous.Span);
                }

                columns.Add(new CsvColumn(index, Name("a field name"), Explicit: true));
                position = index + 1;
            }
            else
            {
                var name = Name("a field name or '_'");
                columns.Add(new CsvColumn(position++, name == "_" ? null : name, Explicit: false));
            }
        }
        while (_token.Is(TokenKind.Comma));

        if (_token.IsKeyword("nodrop"))
        {
            throw Error(DiagnosticCode.NodropNotSupported, $"nodrop is not supported by {keyword}", _token.Span);
        }

        return new CsvStage(isSplit, field, delimiter, quote, escape, columns);
    }

    private Stage ParseFields()
    {
        Advance();
        var exclude = false;
        if (_token.Is(TokenKind.Minus))
        {
            exclude = true;
            Advance();
        }

        var names = NameList("a field name after 'fields'");
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in names)
        {
            if (!seen.Add(name))
            {
                throw Error(DiagnosticCode.DuplicateField, $"field '{name}' is listed twice", _previous.Span);
            }
        }

        return new FieldsStage(exclude, names);
    }

    private Stage ParseTimeslice()
    {
        Advance();
        if (_token.IsKeyword("by"))
        {
            Advance();
        }

        string? duration = null;
        int? buckets = null;
        if (_token.Is(TokenKind.Number))
        {
            var number = _token;
            Advance();
            if (_token.IsKeyword("buckets"))
            {
                buckets = ParseCountText(number, "a bucket count", 10_000);
                Advance();
            }
            else
            {
                if (!Durations.TryParseMilliseconds(number.Value, out _))
                {
                    throw Error(DiagnosticCode.InvalidDuration, $"'{number.Value}' is not a duration such as 5m, 1h or 1d", number.Span);
                }

                duration = number.Value;
            }
        }

        string? alias = null;
        if (_token.IsKeyword("as"))
        {
            Advance();
            alias = Name("a field name after 'as'");
        }

        return new TimesliceStage(duration, buckets, alias);
    }

    private Stage ParseAggregate()
    {
        var aggregations = new List<Aggregation>();
        var groupBy = new List<string>();
        while (true)
        {
            var aggregation = ParseAggregation();
            if (aggregation.Function.Equals("count", StringComparison.OrdinalIgnoreCase) && aggregation.Field is null &&
                aggregation.Aliases.Count == 0 && _token.Kind is TokenKind.Identifier or TokenKind.QuotedName &&
                !_token.IsKeyword("by") && !_token.IsKeyword("group") && !AggregateFunctions.Contains(_token.Value))
            {
                // "count _timeslice, user": Sumo lets count drop its 'by'.
                aggregations.Add(aggregation);
                groupBy.AddRange(NameList("a field name"));
                return new AggregateStage(aggregations, groupBy);
            }

            aggregations.Add(aggregation);
            if (!_token.Is(TokenKind.Comma))
            {
                break;
            }

            Advance();
            if (!_token.Is(TokenKind.Identifier) || !AggregateFunctions.Contains(_token.Value))
            {
                throw Expected("an aggregate function such as count, sum(x) or avg(x) after ','");
            }
        }

        if (_token.IsKeyword("group"))
        {
            Advance();
            if (!_token.IsKeyword("by"))
            {
                throw Expected("'by' after 'group'");
            }
        }

        if (_token.IsKeyword("by"))
        {
            Advance();
            groupBy.AddRange(NameList("a field name after 'by'"));
        }

        return new AggregateStage(aggregations, groupBy);
    }

    private Aggregation ParseAggregation()
    {
        var name = _token;
        Advance();
        string? field = null;
        var percentiles = new List<string>();
        if (_token.Is(TokenKind.LParen))
        {
            Advance();
            if (!_token.Is(TokenKind.RParen))
            {
                field = Name($"a field name inside {name.Value}()");
                if (_token.Kind is not (TokenKind.Comma or TokenKind.RParen))
                {
                    throw Error(DiagnosticCode.ExpressionInAggregate, $"{name.Value}() takes a field, not an expression: compute it first with '... as f | {name.Value}(f)'", _token.Span);
                }

                while (_token.Is(TokenKind.Comma) && name.IsKeyword("pct"))
                {
                    Advance();
                    var p = _token;
                    if (!p.Is(TokenKind.Number) || !double.TryParse(p.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value <= 0 || value >= 100)
                    {
                        throw Error(DiagnosticCode.LimitOutOfRange, "expected a percentile between 0 and 100 (exclusive)", p.Span);
                    }

                    percentiles.Add(p.Value);
                    Advance();
                }
            }

            Expect(TokenKind.RParen, $"')' to close {name.Value}(");
        }

        if (field is null && !name.IsKeyword("count"))
        {
            throw Error(DiagnosticCode.Expected, $"expected '(' and a field after '{name.Value}'", name.Span);
        }

        if (name.IsKeyword("pct") && percentiles.Count == 0)
        {
            percentiles.Add("50");
        }

        var aliases = new List<string>();
        if (_token.IsKeyword("as"))
        {
            Advance();
            aliases.Add(Name("a field name after 'as'"));
            var outputs = Math.Max(1, percentiles.Count);
            while (aliases.Count < outputs && _token.Is(TokenKind.Comma))
            {
                Advance();
                aliases.Add(Name("one alias per percentile"));
            }
        }

        return new Aggregation(name.Value.ToLowerInvariant(), field, percentiles, aliases) { Span = SourceSpan.Between(name.Span, _previous.Span) };
    }

    private Stage ParseSort()
    {
        Advance();
        if (_token.IsKeyword("by"))
        {
            Advance();
        }

        var keys = new List<SortKey>();
        do
        {
            if (keys.Count > 0)
            {
                Advance();
            }

            bool? descending = null;
            if (_token.Kind is TokenKind.Plus or TokenKind.Minus)
            {
                descending = _token.Is(TokenKind.Minus);
                Advance();
            }

            var field = Name("a field name to sort by");

            // asc/desc is a direction only right after a key; after a comma it is a field (community Heroku: "sort logs, log_level, desc").
            if (_token.IsKeyword("asc") || _token.IsKeyword("desc"))
            {
                descending = _token.IsKeyword("desc");
                Advance();
            }

            keys.Add(new SortKey(field, descending ?? true));
        }
        while (_token.Is(TokenKind.Comma));

        return new SortStage(keys);
    }

    private Stage ParseTop()
    {
        Advance();
        var count = Count("a row count after 'top'", 10_000);
        var fields = NameList("a field name after the count");
        string? by = null;
        if (_token.IsKeyword("by"))
        {
            Advance();
            by = Name("a field name after 'by'");
        }

        return new TopStage(count, fields, by);
    }

    private Stage ParseTranspose()
    {
        Advance();
        if (!_token.IsKeyword("row"))
        {
            throw Expected("'row' after 'transpose'");
        }

        Advance();
        var rows = NameList("a field name after 'row'");
        if (!_token.IsKeyword("column"))
        {
            throw Expected("'column' and the column fields");
        }

        Advance();
        var columns = NameList("a field name after 'column'");
        var outputs = new List<string>();
        if (_token.IsKeyword("as"))
        {
            Advance();
            do
            {
                if (outputs.Count > 0)
                {
                    Advance();
                }

                if (_token.Is(TokenKind.Star))
                {
                    outputs.Add("*");
                    Advance();
                }
                else
                {
                    outputs.Add(Name("a column name or '*'"));
                }
            }
            while (_token.Is(TokenKind.Comma));
        }

        return new TransposeStage(rows, columns, outputs);
    }

    private Stage ParseFillmissing()
    {
        Advance();
        var generators = new List<FillGenerator>();
        do
        {
            if (generators.Count > 0)
            {
                Advance();
            }

            if (_token.IsKeyword("timeslice"))
            {
                Advance();
                string? duration = null;
                if (_token.Is(TokenKind.LParen))
                {
                    Advance();
                    var d = _token;
                    if (!d.Is(TokenKind.Number) || !Durations.TryParseMilliseconds(d.Value, out _))
                    {
                        throw Error(DiagnosticCode.InvalidDuration, "expected a duration such as 5m inside timeslice()", d.Span);
                    }

                    duration = d.Value;
                    Advance();
                    Expect(TokenKind.RParen, "')' after the duration");
                }

                string? field = null;
                if (_token.IsKeyword("in"))
                {
                    Advance();
                    field = Name("a field name after 'in'");
                }

                generators.Add(new TimesliceFill(duration, field));
            }
            else if (_token.IsKeyword("values"))
            {
                Advance();
                var values = new List<string>();
                var all = false;
                if (_token.IsKeyword("all"))
                {
                    all = true;
                    Advance();
                }
                else
                {
                    Expect(TokenKind.LParen, "'(' or 'all' after 'values'");
                    values.Add(StringValue("a quoted value").Value);
                    while (_token.Is(TokenKind.Comma))
                    {
                        Advance();
                        values.Add(StringValue("a quoted value").Value);
                    }

                    Expect(TokenKind.RParen, "')' to close values(");
                }

                if (!_token.IsKeyword("in"))
                {
                    throw Expected("'in' and the field the values fill");
                }

                Advance();
                generators.Add(new ValuesFill(values, all, Name("a field name after 'in'")));
            }
            else
            {
                throw Expected("'timeslice' or 'values' after 'fillmissing'");
            }
        }
        while (_token.Is(TokenKind.Comma));

        var defaults = new List<FillDefault>();
        if (_token.IsKeyword("with"))
        {
            do
            {
                Advance();
                var value = Primary();
                if (value is not (StringLiteral or NumberLiteral or BoolLiteral or NullLiteral))
                {
                    throw Error(DiagnosticCode.InvalidArgument, "fillmissing 'with' takes a literal value", value.Span);
                }

                if (!_token.IsKeyword("for"))
                {
                    throw Expected("'for' and a field name after the default value");
                }

                Advance();
                defaults.Add(new FillDefault(value, Name("a field name after 'for'")));
            }
            while (_token.Is(TokenKind.Comma));
        }

        var takeLast = false;
        if (_token.IsKeyword("takelast"))
        {
            takeLast = true;
            Advance();
        }

        return new FillmissingStage(generators, defaults, takeLast);
    }

    private Stage ParseRunning(bool total)
    {
        var keyword = _token.Value;
        Advance();
        var field = Name($"a field name after '{keyword}'");
        string? alias = null;
        if (_token.IsKeyword("as"))
        {
            Advance();
            alias = Name("a field name after 'as'");
        }

        var by = new List<string>();
        if (_token.IsKeyword("by"))
        {
            Advance();
            by.AddRange(NameList("a field name after 'by'"));
        }

        return total ? new TotalStage(field, alias, by) : new AccumStage(field, alias, by);
    }

    private Stage ParseLookup()
    {
        Advance();
        var outputs = new List<LookupOutput>();
        do
        {
            if (outputs.Count > 0)
            {
                Advance();
            }

            string name;
            if (_token.Is(TokenKind.Star))
            {
                name = "*";
                Advance();
            }
            else
            {
                name = Name("a column name after 'lookup'");
            }

            string? alias = null;
            if (_token.IsKeyword("as"))
            {
                Advance();
                alias = Name("a field name after 'as'");
            }

            outputs.Add(new LookupOutput(name, alias));
        }
        while (_token.Is(TokenKind.Comma));

        if (!_token.IsKeyword("from"))
        {
            throw Expected("'from' and a lookup source such as geo://location");
        }

        _lexer.Position = _token.Span.End;
        var source = _lexer.ReadRawWord();
        if (source.Value.Length == 0)
        {
            throw Error(DiagnosticCode.Expected, "expected a lookup source such as geo://location after 'from'", source.Span);
        }

        var sourceText = source.Value;
        _previous = source;
        _token = _lexer.Next(LexMode.Pipeline);
        if (_token.Is(TokenKind.String) && sourceText.EndsWith("://", StringComparison.Ordinal))
        {
            sourceText += "\"" + _token.Value + "\"";
            Advance();
        }

        if (!_token.IsKeyword("on"))
        {
            throw Expected("'on' and the join keys (for example on ip=client_ip)");
        }

        var keys = new List<LookupKey>();
        do
        {
            Advance();
            var table = Name("a lookup column name");
            Expect(TokenKind.Equals, "'=' in the join key");
            keys.Add(new LookupKey(table, Name("an event field name after '='")));
        }
        while (_token.Is(TokenKind.Comma));

        return new LookupStage(outputs, sourceText, keys);
    }

    // ---- small pieces ----

    private string FieldOption()
    {
        Advance();
        Expect(TokenKind.Equals, "'=' after 'field'");
        return Name("a field name after 'field='");
    }

    private string Name(string what)
    {
        if (_token.Kind is TokenKind.Identifier or TokenKind.QuotedName)
        {
            var name = _token.Value;
            Advance();
            return name;
        }

        throw Expected(what);
    }

    private List<string> NameList(string what)
    {
        var names = new List<string> { Name(what) };
        while (_token.Is(TokenKind.Comma))
        {
            Advance();
            names.Add(Name("a field name after ','"));
        }

        return names;
    }

    private Token StringValue(string what)
    {
        if (!_token.Is(TokenKind.String))
        {
            throw Expected(what);
        }

        var token = _token;
        Advance();
        return token;
    }

    private int Count(string what, int max)
    {
        if (!_token.Is(TokenKind.Number))
        {
            throw Expected(what);
        }

        var token = _token;
        Advance();
        return ParseCountText(token, what, max);
    }

    private int ParseCountText(Token token, string what, int max)
    {
        if (!int.TryParse(token.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw Error(DiagnosticCode.Expected, $"expected {what} but found {token.Describe()}", token.Span);
        }

        if (value < 1 || value > max)
        {
            throw Error(DiagnosticCode.LimitOutOfRange, $"{value} is out of range: the limit is 1 to {max}", token.Span);
        }

        return value;
    }
}
