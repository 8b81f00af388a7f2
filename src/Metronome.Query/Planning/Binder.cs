using System.Globalization;
using System.Text.RegularExpressions;
using Metronome.Core.Events;
using Metronome.Query.Diagnostics;
using Metronome.Query.Execution;
using Metronome.Query.Execution.Operators;
using Metronome.Query.Sources;
using Metronome.Query.Syntax;
using Metronome.Query.Syntax.Ast;

namespace Metronome.Query.Planning;

/// <summary>Binds a parsed query into a <see cref="QueryPlan"/>: resolves field names to slots
/// (case-insensitively, first spelling wins), checks what the parser could not (functions, regexes,
/// lookup sources), tracks the result's columns, and chooses an operator per stage.</summary>
public sealed partial class Binder
{
    private readonly QueryRequest _request;
    private readonly SourceText _source;
    private readonly SourceCapabilities _capabilities;
    private readonly FieldSlots _slots = new();
    private readonly HashSet<string> _reads = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _assigned = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Fields that a stage so far sets on every row it keeps (to null when it has no value), so
    /// later stages never see the event's own value and the source need not read it.</summary>
    private readonly HashSet<string> _overwritten = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<int> _timestamps = [FieldSlots.MessageTime];
    private readonly List<Func<PipelineOperator>> _operators = [];
    private readonly List<string> _steps = [];
    private readonly List<string> _rewrites = [];
    private readonly QueryContext _constantContext;
    private readonly TimeZoneInfo _zone;

    private bool _raw = true;
    private bool _ordered;
    private bool _fieldsRestricted;
    private bool _afterTranspose;
    private bool _matchedCounted;
    private List<int> _columns = [];
    private DynamicColumns? _dynamic;
    private long? _timeslicePeriod;
    private bool _aggregated;
    private bool _pushdownBlocked;
    private (int Slot, long PeriodMs)? _pushableTimeslice;
    private AggregatePushdownPlan? _pushdown;
    private bool _leading = true;
    private int _stage;
    private readonly List<(int Stage, int Slot)> _readsAt = [];
    private readonly List<(int Stage, int[] Slots, bool[] Live)> _captures = [];
    private readonly List<ScanFilter> _pushedWhere = [];

    /// <summary>Set when the plan depends on the request's time range (not only its zone and text).</summary>
    private bool _readsRange;

    private Binder(QueryRequest request, SourceText source, SourceCapabilities capabilities, TimeZoneInfo zone)
    {
        _request = request;
        _source = source;
        _capabilities = capabilities;
        _zone = zone;
        _constantContext = new QueryContext(_slots, request, 0, zone, CancellationToken.None);
    }

    public static QueryPlan Bind(QueryNode query, SourceText source, QueryRequest request, TimeZoneInfo zone, SourceCapabilities? capabilities = null)
    {
        var binder = new Binder(request, source, capabilities ?? SourceCapabilities.None, zone);
        return binder.BindQuery(query);
    }

    private QueryPlan BindQuery(QueryNode query)
    {
        var scope = ScopeLowering.Lower(query.Scope);
        foreach (var stage in query.Stages)
        {
            BindStage(stage);
        }

        scope = WithPushedWhere(scope);
        MarkDeadCaptures();

        if (!_matchedCounted)
        {
            CountMatched();
        }

        IReadOnlySet<string>? fields = null;
        if (!_raw || _fieldsRestricted)
        {
            var needed = new HashSet<string>(_reads, StringComparer.OrdinalIgnoreCase);
            if (scope.ReadsRaw)
            {
                needed.Add(FieldNames.Raw);
            }

            fields = needed;
        }

        OutputColumns output;
        if (_raw)
        {
            var fixedColumns = new List<int> { FieldSlots.MessageTime, FieldSlots.Raw };
            fixedColumns.AddRange(_columns.Where(c => c > FieldSlots.Raw));
            output = new OutputColumns(fixedColumns, ExpandFields: !_fieldsRestricted, null, 0);
            if (fields is not null)
            {
                // A raw result always shows _raw.
                fields = new HashSet<string>(fields, StringComparer.OrdinalIgnoreCase) { FieldNames.Raw };
            }
        }
        else
        {
            output = new OutputColumns(_columns.ToList(), false, _dynamic, _columns.Count);
        }

        return new QueryPlan(query, _source, _slots, scope, fields, _operators, _steps, output, _timestamps, _raw, _raw && !_ordered, _rewrites)
        {
            AggregatePushdown = _pushdown,
            ReadsTimeRange = _readsRange,
        };
    }

    private void BindStage(Stage stage)
    {
        _stage++;
        _leading &= stage is WhereStage or TimesliceStage;
        if (!_aggregated && stage is not WhereStage)
        {
            NotePushdownBlocker(stage);
        }

        switch (stage)
        {
            case ParseAnchorStage p: BindParseAnchor(p); break;
            case ParseRegexStage p: BindParseRegex(p); break;
            case JsonStage j: BindJson(j); break;
            case KeyValueStage k: BindKeyValue(k); break;
            case CsvStage c: BindCsv(c); break;
            case WhereStage w: BindWhere(w); break;
            case AssignStage a:
                var value = BindExpr(a.Value);
                var target = Define(a.Name);
                _overwritten.Add(a.Name);
                Add($"assign {a.Name}", () => new AssignOperator(value, target));
                break;
            case EvalStage e:
                var call = BindExpr(e.Call);
                var field = Define(((FieldRef)e.Call.Arguments[0]).Name);
                _overwritten.Add(((FieldRef)e.Call.Arguments[0]).Name);
                Add($"eval {e.Call.Function}", () => new AssignOperator(call, field));
                break;
            case FieldsStage f: BindFields(f); break;
            case TimesliceStage t: BindTimeslice(t); break;
            case AggregateStage a: BindAggregate(a); break;
            case SortStage s: BindSort(s); break;
            case TopStage t: BindTop(t); break;
            case LimitStage l: BindLimit(l); break;
            case TransposeStage t: BindTranspose(t); break;
            case FillmissingStage f: BindFillmissing(f); break;
            case TotalStage t:
                var totalField = Read(t.Field);
                var totalGroups = t.By.Select(Read).ToArray();
                var totalOut = Define(t.Alias ?? "_total");
                Add("total", () => new TotalOperator(totalField, totalOut, totalGroups));
                break;
            case AccumStage t:
                var accumField = Read(t.Field);
                var accumGroups = t.By.Select(Read).ToArray();
                var accumOut = Define(t.Alias ?? "_accum");
                Add("accum", () => new AccumOperator(accumField, accumOut, accumGroups));
                break;
            case LookupStage l: BindLookup(l); break;
            default: throw Error(DiagnosticCode.UnknownOperator, "unsupported operator", stage.Span);
        }
    }

    /// <summary>A where before any stage that changes rows or fields hands the conjuncts it can state exactly
    /// to the scan (see <see cref="WherePushdown"/>); the rest stays an engine filter, which keeps the first
    /// aggregation from being answered by the source.</summary>
    private void BindWhere(WhereStage w)
    {
        var condition = BindExpr(w.Condition);
        if (!_leading || !_request.WherePushdown)
        {
            // An engine filter before the first aggregation keeps the source from answering it.
            _pushdownBlocked |= !_aggregated;
            Add("where", () => new WhereOperator(condition));
            return;
        }

        Expr? residual = null;
        foreach (var conjunct in WherePushdown.Conjuncts(w.Condition))
        {
            if (WherePushdown.TryLower(conjunct) is { } filter && !_assigned.Contains(filter.Field))
            {
                _pushedWhere.Add(filter);
                _rewrites.Add($"where {_source.Text.Substring(conjunct.Span.Start, conjunct.Span.Length)} applied by the scan");
            }
            else
            {
                residual = residual is null ? conjunct : new BinaryExpr(BinaryOp.And, residual, conjunct) { Span = SourceSpan.Between(residual.Span, conjunct.Span) };
            }
        }

        if (residual is not null)
        {
            var rest = BindExpr(residual);
            _pushdownBlocked |= !_aggregated;
            Add("where", () => new WhereOperator(rest));
        }
    }

    private ScopeLowering.Result WithPushedWhere(ScopeLowering.Result scope)
    {
        if (_pushedWhere.Count == 0)
        {
            return scope;
        }

        List<ScanFilter> operands = scope.Filter switch
        {
            MatchAll => [],
            AndFilter and => [.. and.Operands],
            var single => [single],
        };
        operands.AddRange(_pushedWhere);
        return scope with { Filter = operands.Count == 1 ? operands[0] : new AndFilter(operands) };
    }

    private void BindParseAnchor(ParseAnchorStage p)
    {
        var source = Read(p.Field ?? FieldNames.Raw);
        var segments = AnchorPattern.Split(p.Pattern).ToArray();
        var outputs = p.Names.Select(Define).ToArray();
        var live = Captures(outputs);
        _overwritten.UnionWith(p.Names);
        Add($"parse anchor -> {string.Join(", ", p.Names)}", () => new ParseAnchorOperator(source, segments, outputs, live, p.Nodrop));
    }

    private static readonly Regex DigitExtraction = new(@"^(?<key>[A-Za-z0-9_]+)=\(\?<(?<name>[A-Za-z_][A-Za-z0-9_]*)>\\d\+\)$", RegexOptions.CultureInvariant);

    private void BindParseRegex(ParseRegexStage p)
    {
        var regex = CompileRegex(p.Pattern, RegexOptions.ExplicitCapture, p.Span);
        var names = regex.GetGroupNames().Where(n => !int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out _)).ToArray();
        if (names.Length == 0)
        {
            throw Error(DiagnosticCode.RegexWithoutNamedGroup, "parse regex needs at least one named group such as (?<name>...)", p.Span);
        }

        // Rewrite: answer "K=(?<N>\d+)" from the ingest-extracted field K (see SourceCapabilities).
        var simple = DigitExtraction.Match(p.Pattern);
        if (simple.Success && !p.Multi && (p.Field is null || p.Field.Equals(FieldNames.Raw, StringComparison.OrdinalIgnoreCase))
            && _capabilities.DigitFieldsFromRaw.Contains(simple.Groups["key"].Value) && !_assigned.Contains(simple.Groups["key"].Value)
            && !_assigned.Contains(FieldNames.Raw))
        {
            var key = Read(simple.Groups["key"].Value);
            var output = Define(simple.Groups["name"].Value);
            _overwritten.Add(simple.Groups["name"].Value);
            _rewrites.Add($"parse regex \"{p.Pattern}\" answered from the ingest field {simple.Groups["key"].Value}");
            Add($"parse from ingest field {simple.Groups["key"].Value}", () => new IngestFieldParseOperator(key, output, p.Nodrop));
            return;
        }

        var source = Read(p.Field ?? FieldNames.Raw);
        if (!p.Multi && LiteralRunPattern.TryParse(p.Pattern, out var runs))
        {
            var runOutputs = runs.Names.Select(Define).ToArray();
            var runLive = Captures(runOutputs);
            _overwritten.UnionWith(runs.Names);
            Add($"parse literal runs -> {string.Join(", ", runs.Names)}", () => new LiteralRunParseOperator(source, runs, runOutputs, runLive, p.Nodrop));
            return;
        }

        var groupNumbers = names.Select(regex.GroupNumberFromName).ToArray();
        var outputs = names.Select(Define).ToArray();
        var live = Captures(outputs);
        _overwritten.UnionWith(names);
        Add($"parse regex -> {string.Join(", ", names)}", () => new ParseRegexOperator(source, regex, groupNumbers, outputs, live, p.Multi, p.Nodrop));
    }

    private void BindJson(JsonStage j)
    {
        var source = Read(j.Field ?? FieldNames.Raw);
        if (j.Auto)
        {
            Add("json auto", () => new JsonOperator(source, [], [], auto: true, j.Nodrop));
            return;
        }

        var paths = j.Paths.Select(text => JsonPath.TryParse(text, out var path)
            ? path
            : throw Error(DiagnosticCode.InvalidArgument, $"'{text}' is not a JSON key or path", j.Span)).ToArray();
        var outputs = (j.Names.Count > 0 ? j.Names : j.Paths).Select(n => Define(n.StartsWith("$.", StringComparison.Ordinal) ? n[2..] : n)).ToArray();
        Add("json", () => new JsonOperator(source, paths, outputs, auto: false, j.Nodrop));
    }

    private void BindKeyValue(KeyValueStage k)
    {
        var source = Read(k.Field ?? FieldNames.Raw);
        var regex = k.Regex is null ? null : CompileRegex(k.Regex, RegexOptions.None, k.Span);
        var keys = k.Keys.ToArray();
        var outputs = (k.Names.Count > 0 ? k.Names.ToArray() : keys.Select(KeyValueOperator.OutputName).ToArray()).Select(Define).ToArray();
        var auto = k.Mode == KeyValueMode.Auto;
        Add(auto ? "keyvalue auto" : "keyvalue", () => new KeyValueOperator(source, keys, outputs, regex, auto, k.Nodrop));
    }

    private void BindCsv(CsvStage c)
    {
        var source = Read(c.Field);
        var delimiter = c.Delimiter ?? ',';
        var quote = c.Quote ?? '"';
        var escape = c.Escape ?? '\\';
        if (delimiter == quote || delimiter == escape || quote == escape)
        {
            throw Error(DiagnosticCode.InvalidArgument, "the delimiter, quote and escape characters must all differ", c.Span);
        }

        var columns = c.Columns.Where(col => col.Name is not null).ToArray();
        var positions = columns.Select(col => col.Position).ToArray();
        var outputs = columns.Select(col => Define(col.Name!)).ToArray();
        Add(c.IsSplit ? "split" : "csv", () => new CsvOperator(source, delimiter, quote, escape, positions, outputs));
    }

    private void BindFields(FieldsStage f)
    {
        var listed = f.Names.Select(n => _slots.GetOrAdd(n)).ToHashSet();
        if (f.Exclude)
        {
            _columns.RemoveAll(listed.Contains);
        }
        else
        {
            var system = _columns.Where(c => _slots.Name(c).StartsWith('_') && !listed.Contains(c)).ToList();
            _columns = [.. f.Names.Select(n => _slots.GetOrAdd(n)), .. _raw ? [] : system];
            if (_raw)
            {
                _fieldsRestricted = true;
            }

            _dynamic = null;
        }

        foreach (var name in f.Names)
        {
            Read(name);
        }

        Add(f.Exclude ? "fields -" : "fields", () => new FieldsOperator(f.Exclude, listed));
    }

    private void BindTimeslice(TimesliceStage t)
    {
        long period;
        if (t.Duration is not null)
        {
            Durations.TryParseMilliseconds(t.Duration, out period);
        }
        else
        {
            _readsRange = true;
            period = TimeBuckets.PeriodForBuckets(_request.From.ToUnixTimeMilliseconds(), _request.To.ToUnixTimeMilliseconds(), t.Buckets ?? 1);
        }

        var output = Define(t.Alias ?? "_timeslice");
        _timestamps.Add(output);
        _timeslicePeriod = period;
        if (!_aggregated)
        {
            _pushableTimeslice = (output, period);
        }

        Add($"timeslice {period} ms", () => new TimesliceOperator(output, period));
    }

    private void BindAggregate(AggregateStage a)
    {
        CountMatched();
        var groups = a.GroupBy.Select(Read).ToArray();
        var specs = new List<AggregateSpec>();
        var outputs = new List<int>();
        var timeOrdered = _raw;
        foreach (var aggregation in a.Aggregations)
        {
            var field = aggregation.Field is null ? -1 : Read(aggregation.Field);
            var percentiles = aggregation.Percentiles.Select(PercentileNames.Parse).ToArray();
            var defaults = aggregation.Function == "pct"
                ? aggregation.Percentiles.Select(p => PercentileNames.Of(aggregation.Field!, p)).ToArray()
                : ["_" + aggregation.Function];
            if (aggregation.Aliases.Count > 0 && aggregation.Aliases.Count != defaults.Length)
            {
                throw Error(DiagnosticCode.FieldCountMismatch, $"{defaults.Length} outputs but {aggregation.Aliases.Count} aliases", aggregation.Span);
            }

            var names = aggregation.Aliases.Count > 0 ? aggregation.Aliases.ToArray() : defaults;
            var slots = new int[names.Length];
            for (var i = 0; i < names.Length; i++)
            {
                slots[i] = _slots.GetOrAdd(names[i]);
                _assigned.Add(names[i]);
                if (outputs.Contains(slots[i]) || groups.Contains(slots[i]))
                {
                    throw Error(DiagnosticCode.DuplicateField, $"two outputs are named '{names[i]}': give the aggregates aliases with 'as'", aggregation.Span);
                }

                outputs.Add(slots[i]);
            }

            specs.Add(new AggregateSpec(aggregation.Function, field, slots, percentiles, timeOrdered));
        }

        _timestamps.RemoveWhere(s => s != FieldSlots.MessageTime && !groups.Contains(s));
        _columns = [.. groups, .. outputs];
        _raw = false;
        _ordered = false;
        _dynamic = null;
        _afterTranspose = false;
        var specArray = specs.ToArray();
        if (!_aggregated)
        {
            _aggregated = true;
            _pushdown = PlanPushdown(a, groups, specArray);
        }

        Add($"aggregate by {string.Join(", ", a.GroupBy)}", () => new AggregateOperator(groups, specArray));
    }

    private void BindSort(SortStage s)
    {
        var keys = s.Keys.Select(k => (Read(k.Field), k.Descending)).ToArray();
        _ordered = true;
        Add("sort", () => new SortOperator(keys));
    }

    private void BindTop(TopStage t)
    {
        CountMatched();
        var fields = t.Fields.Select(Read).ToArray();
        var by = t.By is null ? -1 : Read(t.By);
        var count = by < 0 ? Define("_count") : -1;
        _columns = [.. fields, by >= 0 ? by : count];
        _raw = false;
        _ordered = true;
        _dynamic = null;
        Add($"top {t.Count}", () => new TopOperator(t.Count, fields, by, count));
    }

    private void BindLimit(LimitStage l)
    {
        if (_raw && !_ordered)
        {
            CountMatched();
            _ordered = true;
            Add($"limit {l.Count} newest", () => new NewestLimitOperator(l.Count));
        }
        else
        {
            Add($"limit {l.Count}", () => new LimitOperator(l.Count));
        }
    }

    private void BindTranspose(TransposeStage t)
    {
        var rows = t.Rows.Select(Read).ToArray();
        var columns = t.Columns.Select(Read).ToArray();
        var values = _columns.Where(c => !rows.Contains(c) && !columns.Contains(c)).ToArray();
        if (_raw || values.Length == 0)
        {
            throw Error(DiagnosticCode.InvalidArgument, "transpose needs an aggregate before it, whose value it spreads into columns", t.Span);
        }

        var dynamic = new DynamicColumns();
        _columns = [.. rows];
        _dynamic = dynamic;
        _afterTranspose = true;
        var outputs = t.Outputs.ToArray();
        Add("transpose", () => new TransposeOperator(rows, columns, values, outputs, dynamic));
    }

    private void BindFillmissing(FillmissingStage f)
    {
        var dimensions = new List<FillDimension>();
        foreach (var generator in f.Generators)
        {
            switch (generator)
            {
                case TimesliceFill ts:
                    long period;
                    if (ts.Duration is not null)
                    {
                        Durations.TryParseMilliseconds(ts.Duration, out period);
                    }
                    else
                    {
                        period = _timeslicePeriod ?? throw Error(DiagnosticCode.TimesliceRequired, "fillmissing timeslice needs a period, as in timeslice(5m), or an earlier timeslice", f.Span);
                    }

                    dimensions.Add(new FillDimension(Read(ts.Field ?? "_timeslice"), period, null));
                    break;
                case ValuesFill v:
                    dimensions.Add(new FillDimension(Read(v.Field), 0, v.All ? null : v.Values.ToArray()));
                    break;
            }
        }

        var keySlots = dimensions.Select(d => d.Slot).ToHashSet();
        var others = _columns.Where(c => !keySlots.Contains(c)).ToArray();
        var defaults = f.Defaults.ToDictionary(d => Read(d.Field), d => BindExpr(d.Value) is Execution.Expressions.ConstantExpr c ? c.Value : FieldValue.Null);
        var nullsOnly = _afterTranspose;
        var dims = dimensions.ToArray();
        Add("fillmissing", () => new FillmissingOperator(dims, others, defaults, nullsOnly, f.TakeLast));
    }

    private static readonly string[] GeoColumns = ["latitude", "longitude", "country_code", "country_name", "region", "city", "postal_code", "continent"];

    private void BindLookup(LookupStage l)
    {
        if (!l.Source.Equals("geo://location", StringComparison.OrdinalIgnoreCase))
        {
            throw Error(DiagnosticCode.UnsupportedLookupSource, $"lookup source '{l.Source}' is not supported; only geo://location is", l.Span);
        }

        var geo = _request.Geo ?? throw Error(DiagnosticCode.GeoLookupNotConfigured, "geo lookup needs a geo database (.mmdb), and none is configured", l.Span);
        if (l.Keys.Count != 1 || !l.Keys[0].TableField.Equals("ip", StringComparison.OrdinalIgnoreCase))
        {
            throw Error(DiagnosticCode.InvalidArgument, "geo lookup joins on one key: on ip=<field>", l.Span);
        }

        var key = Read(l.Keys[0].EventField);
        var outputs = l.Outputs.SelectMany(o => o.Name == "*"
            ? GeoColumns.Select(c => (c, Define(c)))
            : [(o.Name.ToLowerInvariant(), Define(o.Alias ?? o.Name))]).ToArray();
        Add("lookup geo", () => new LookupOperator(geo, key, outputs));
    }

    // ---- helpers ----

    private void CountMatched()
    {
        if (_matchedCounted)
        {
            return;
        }

        _matchedCounted = true;
        Add("count matched", () => new MatchCountOperator());
    }

    private void Add(string step, Func<PipelineOperator> factory)
    {
        _steps.Add(step);
        _operators.Add(factory);
    }

    private int Read(string name)
    {
        // The source reads only what an event may still show here: not a field a stage overwrote, and
        // nothing after the first aggregation (its rows hold only its keys and outputs).
        if (!_aggregated && !_overwritten.Contains(name))
        {
            _reads.Add(name);
        }

        var slot = _slots.GetOrAdd(name);
        _readsAt.Add((_stage, slot));
        return slot;
    }

    /// <summary>A parse stage's outputs, all live until <see cref="MarkDeadCaptures"/> learns otherwise.</summary>
    private bool[] Captures(int[] outputs)
    {
        var live = Enumerable.Repeat(true, outputs.Length).ToArray();
        if (!_aggregated)
        {
            _captures.Add((_stage, outputs, live));
        }

        return live;
    }

    /// <summary>In a plan that aggregates, a field parsed before the first aggregation reaches the result
    /// only through a later stage that reads it (the aggregation keeps only its keys and outputs), so a
    /// capture no later stage reads need not become a string. Raw results show every field: all stay live.</summary>
    private void MarkDeadCaptures()
    {
        if (_raw)
        {
            return;
        }

        foreach (var (stage, slots, live) in _captures)
        {
            for (var i = 0; i < slots.Length; i++)
            {
                // _messagetime and _raw are also read implicitly (timeslice, first/last, keyword rules).
                live[i] = slots[i] is FieldSlots.MessageTime or FieldSlots.Raw || _readsAt.Exists(r => r.Stage > stage && r.Slot == slots[i]);
            }
        }
    }

    private int Define(string name)
    {
        var slot = _slots.GetOrAdd(name);
        _assigned.Add(name);
        if (!_raw && !_columns.Contains(slot))
        {
            _columns.Add(slot);
        }
        else if (_raw && _fieldsRestricted && !_columns.Contains(slot))
        {
            _columns.Add(slot);
        }

        return slot;
    }

    private QueryException Error(string code, string message, SourceSpan span)
    {
        var (line, column) = _source.LineColumn(span.Start);
        return new QueryException(new Diagnostic(code, message, line, column, _source.ToOriginalOffset(span.Start), span.Length));
    }
}
