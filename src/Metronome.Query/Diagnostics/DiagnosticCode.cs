namespace Metronome.Query.Diagnostics;

/// <summary>Every diagnostic the query language can report. Codes are stable: clients, dashboards and
/// docs refer to them, so a code is never renumbered or reused. 1xxx lexical, 2xxx syntax, 3xxx meaning
/// (binding), 4xxx execution limits and environment.</summary>
public static class DiagnosticCode
{
    public const string UnterminatedString = "MQL1001";
    public const string UnterminatedComment = "MQL1002";
    public const string UnexpectedCharacter = "MQL1003";
    public const string UnterminatedRegex = "MQL1004";
    public const string InvalidNumber = "MQL1005";
    public const string QueryTooLong = "MQL1006";

    public const string Expected = "MQL2001";
    public const string UnknownOperator = "MQL2002";
    public const string UnexpectedToken = "MQL2003";
    public const string MissingTemplateVariable = "MQL2004";
    public const string FieldCountMismatch = "MQL2005";
    public const string InvalidRegex = "MQL2006";
    public const string RegexWithoutNamedGroup = "MQL2007";
    public const string InvalidDuration = "MQL2008";
    public const string NodropNotSupported = "MQL2009";
    public const string DuplicateField = "MQL2010";
    public const string LimitOutOfRange = "MQL2011";
    public const string InvalidPattern = "MQL2012";

    public const string UnknownFunction = "MQL3001";
    public const string WrongArgumentCount = "MQL3002";
    public const string ExpressionInAggregate = "MQL3003";
    public const string UnsupportedLookupSource = "MQL3004";
    public const string InvalidArgument = "MQL3005";
    public const string UnknownTimeZone = "MQL3006";
    public const string TimesliceRequired = "MQL3007";
    public const string InvalidTimeRange = "MQL3008";

    public const string TooManyGroups = "MQL4001";
    public const string TooManyColumns = "MQL4002";
    public const string GeoLookupNotConfigured = "MQL4003";
    public const string TooManyRows = "MQL4004";
    public const string RegexTimeout = "MQL4005";

    /// <summary>Code, one-line meaning: the table that docs/query-language.md reproduces.</summary>
    public static IReadOnlyList<(string Code, string Meaning)> All { get; } =
    [
        (UnterminatedString, "a string literal has no closing quote"),
        (UnterminatedComment, "a /* comment has no closing */"),
        (UnexpectedCharacter, "a character that cannot start any token"),
        (UnterminatedRegex, "a /regex/ literal has no closing slash"),
        (InvalidNumber, "a malformed number or unknown number suffix"),
        (QueryTooLong, "the query text exceeds 15,000 characters"),
        (Expected, "the parser expected something else here (the message says what)"),
        (UnknownOperator, "a pipeline stage starts with an unknown operator"),
        (UnexpectedToken, "text left over after a complete stage"),
        (MissingTemplateVariable, "a {{variable}} has no value in the request"),
        (FieldCountMismatch, "the number of captures differs from the number of field names"),
        (InvalidRegex, "the regular expression does not compile"),
        (RegexWithoutNamedGroup, "parse regex needs at least one (?<name>...) group"),
        (InvalidDuration, "a duration such as 5m, 1h or 1d is malformed"),
        (NodropNotSupported, "nodrop is not supported by csv and split"),
        (DuplicateField, "a field is listed twice"),
        (LimitOutOfRange, "a count (limit, top, buckets, percentile) is out of range"),
        (InvalidPattern, "an anchor pattern is malformed (for example **)"),
        (UnknownFunction, "a function that does not exist"),
        (WrongArgumentCount, "a function called with the wrong number of arguments"),
        (ExpressionInAggregate, "aggregates take a field, not an expression"),
        (UnsupportedLookupSource, "lookup supports only geo://location"),
        (InvalidArgument, "an argument has the wrong form (for example a non-literal where a literal is required)"),
        (UnknownTimeZone, "the time zone is not a known IANA id"),
        (TimesliceRequired, "fillmissing timeslice needs a period or an earlier timeslice"),
        (InvalidTimeRange, "the query time range is empty or reversed"),
        (TooManyGroups, "an aggregation produced more groups than the per-query limit"),
        (TooManyColumns, "transpose produced more columns than the limit"),
        (GeoLookupNotConfigured, "geo lookup was asked for but no geo database is configured"),
        (TooManyRows, "a blocking operator buffered more rows than the per-query limit"),
        (RegexTimeout, "a regular expression ran too long on one message"),
    ];
}
