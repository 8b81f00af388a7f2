namespace Metronome.Workload;

/// <summary>The fixed shape of the reference workload (issue 3); only the event count and seed vary.</summary>
public static class WorkloadSpec
{
    public static readonly DateTimeOffset Start = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
    public const int Days = 30;
    public static DateTimeOffset End => Start.AddDays(Days);

    public const int AppCount = 10;
    public const double AppZipfExponent = 1.0; // app00 gets 1/H(10) = 34.1%
    public const int PathCount = 5_000;
    public const double PathZipfExponent = 1.0;
    public const int ReferrerHostCount = 500;
    public const double ReferrerZipfExponent = 1.0;
    public const double DirectShare = 0.45;
    public const int VisitorCount = 200_000;
    public const int ItemCount = 20_000;
    public const double ItemZipfExponent = 1.0;
    public const double ViewWithItemShare = 0.25;

    public const double WebShare = 0.60;
    public static readonly string[] WebNames = ["view", "download", "login", "register", "pay"];
    public static readonly double[] WebNameWeights = [80, 9, 6, 3, 2];

    public static readonly string[] DownloadFormats = ["csv", "json", "kml", "shp"];
    public static readonly double[] DownloadFormatWeights = [40, 25, 15, 20];
    public static readonly int[] PriceCents = [499, 999, 1999, 4900, 9900, 24900];

    public const int DynoCount = 8;
    public static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "HEAD", "PATCH"];
    public static readonly double[] MethodWeights = [85, 10, 2, 1, 1, 1];
    public static readonly int[] Statuses = [200, 201, 204, 301, 302, 304, 400, 401, 403, 404, 422, 500, 502, 504];
    public static readonly double[] StatusWeights = [90, 1, 1, 0.8, 2, 2, 0.5, 0.5, 0.3, 1.5, 0.2, 0.15, 0.05, 0.05];
    /// <summary>Share of router events that are Heroku H-code errors (status 503, at=error).</summary>
    public const double RouterErrorShare = 0.003;
    public static readonly string[] ErrorCodes = ["H12", "H13", "H10"];
    public static readonly double[] ErrorCodeWeights = [50, 30, 20];
    public const double ServiceMedianMs = 45;
    public const double ServiceSigma = 0.9;

    public static string AppName(int index) => $"app{index:D2}";
    public static string ItemId(int index) => $"item-{index:D5}";
    public static string VisitorId(int index) => $"v{index:D6}";
    public static string DynoName(int index) => $"web.{index + 1}";
}
