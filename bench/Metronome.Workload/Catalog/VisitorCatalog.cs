using Metronome.Workload.Random;

namespace Metronome.Workload.Catalog;

/// <summary>
/// Visitors v000000..: each has one country, browser and device for the whole month, derived by hashing
/// its index with the seed, so that breakdowns by visitor attributes are consistent.
/// </summary>
public sealed class VisitorCatalog
{
    public static readonly string[] Countries =
        ["US", "DE", "GB", "IN", "FR", "BR", "CA", "NL", "JP", "ES", "IT", "PL", "AU", "SE", "CH", "MX", "KR", "TR", "NG", "ZA"];
    private static readonly double[] s_countryWeights =
        [28, 9, 8, 8, 6, 5, 4, 4, 4, 3.5, 3.5, 3, 3, 2, 2, 2, 1.5, 1.5, 1, 1];

    public static readonly string[] Browsers = ["Chrome", "Safari", "Firefox", "Edge", "Samsung Internet", "Opera", "Other"];
    private static readonly double[] s_browserWeights = [62, 19, 7, 6, 3, 2, 1];

    public static readonly string[] Devices = ["desktop", "mobile", "tablet"];
    private static readonly double[] s_deviceWeights = [55, 40, 5];

    private readonly byte[] _country, _browser, _device;

    public VisitorCatalog(int count, ulong seed)
    {
        var countries = DiscreteDistribution.FromWeights(s_countryWeights);
        var browsers = DiscreteDistribution.FromWeights(s_browserWeights);
        var devices = DiscreteDistribution.FromWeights(s_deviceWeights);
        _country = new byte[count];
        _browser = new byte[count];
        _device = new byte[count];
        for (int v = 0; v < count; v++)
        {
            ulong h = SplitMix64.Mix(seed ^ SplitMix64.Mix((ulong)v + 0x5EED));
            _country[v] = (byte)countries.IndexOf(SplitMix64.ToUnitDouble(h));
            _browser[v] = (byte)browsers.IndexOf(SplitMix64.ToUnitDouble(SplitMix64.Mix(h + 1)));
            _device[v] = (byte)devices.IndexOf(SplitMix64.ToUnitDouble(SplitMix64.Mix(h + 2)));
        }
    }

    public int Count => _country.Length;
    public int CountryOf(int visitor) => _country[visitor];
    public int BrowserOf(int visitor) => _browser[visitor];
    public int DeviceOf(int visitor) => _device[visitor];
}
