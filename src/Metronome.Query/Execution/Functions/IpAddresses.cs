using System.Net;
using System.Net.Sockets;
using Metronome.Core.Events;

namespace Metronome.Query.Execution.Functions;

/// <summary>IPv4 helpers of the CIDR functions (Sumo's are IPv4 only).</summary>
public static class IpAddresses
{
    public static bool TryParse(string text, out uint address)
    {
        address = 0;
        if (!IPAddress.TryParse(text.AsSpan().Trim(), out var ip) || ip.AddressFamily != AddressFamily.InterNetwork || text.Count(c => c == '.') != 3)
        {
            return false;
        }

        var bytes = ip.GetAddressBytes();
        address = ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3];
        return true;
    }

    /// <summary><c>compareCIDRPrefix(ip1, ip2, prefixLength)</c>: do the first N bits agree? The prefix
    /// may be a number or a string ("27").</summary>
    public static FieldValue CompareCidrPrefix(ReadOnlySpan<FieldValue> a)
    {
        if (a[0].IsNull || a[1].IsNull || !Values.TryNumber(a[2], out var prefixNumber) || prefixNumber < 0 || prefixNumber > 32)
        {
            return FieldValue.Null;
        }

        if (!TryParse(a[0].ToString(), out var x) || !TryParse(a[1].ToString(), out var y))
        {
            return FieldValue.Null;
        }

        var prefix = (int)prefixNumber;
        var mask = prefix == 0 ? 0u : uint.MaxValue << (32 - prefix);
        return (x & mask) == (y & mask);
    }

    public static bool IsPrivate(string text)
    {
        if (!TryParse(text, out var a))
        {
            return false;
        }

        return (a >> 24) == 10 || (a >> 20) == ((172u << 4) | 1) || (a >> 16) == ((192u << 8) | 168) || (a >> 24) == 127 || (a >> 16) == ((169u << 8) | 254);
    }
}
