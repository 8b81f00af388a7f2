using Metronome.Ingest.Text;

namespace Metronome.Ingest.Framing;

/// <summary>
/// Reads RFC 6587 octet-counted frames (<c>MSG-LEN SP SYSLOG-MSG</c>, no delimiter between frames) from a
/// buffer, as in logplex bodies. Never loses a byte: the spans it returns tile the input in order.
/// <para>
/// A frame is accepted only when its count ends the input, or ends where another plausible frame header
/// (<c>digits SP &lt;digits&gt;</c>) starts, possibly after whitespace. Otherwise the count is wrong (or
/// the header is garbage) and the bytes up to the next plausible header are returned as one
/// <see cref="FrameKind.Unframeable"/> span. Whitespace between frames is a <see cref="FrameKind.Separator"/>.
/// </para>
/// <para>
/// With <c>isFinalBlock: false</c> the reader stops (returns false) when it cannot decide without more
/// bytes; the caller keeps the bytes from <see cref="Consumed"/> on and retries with more appended. The
/// decisions then match a single pass over the whole input, except that an unframeable run longer than
/// the maximum frame length comes back as several spans.
/// </para>
/// </summary>
public ref struct OctetFrameReader
{
    /// <summary>Logplex sends single messages larger than its 100 KiB batch alone; 4 MiB leaves room for that.</summary>
    public const int DefaultMaxFrameLength = 4 << 20;

    private const int MaxCountDigits = 8;

    /// <summary>Bytes needed to recognise a frame header: 8 digits, SP, '&lt;', 3 digits, '&gt;'.</summary>
    private const int HeaderLookahead = MaxCountDigits + 6;

    /// <summary>A run of whitespace this long after a frame is accepted as a boundary without looking further.</summary>
    private const int MaxSeparatorScan = 4096;

    private readonly ReadOnlySpan<byte> _buffer;
    private readonly bool _isFinalBlock;
    private readonly int _maxFrameLength;
    private int _position;

    public OctetFrameReader(ReadOnlySpan<byte> buffer, bool isFinalBlock = true, int maxFrameLength = DefaultMaxFrameLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrameLength, 1);
        _buffer = buffer;
        _isFinalBlock = isFinalBlock;
        _maxFrameLength = Math.Min(maxFrameLength, 99_999_999);
        _position = 0;
    }

    /// <summary>Bytes of the buffer that the returned spans cover so far.</summary>
    public readonly int Consumed => _position;

    /// <summary>Returns the next span; false at the end of the input or when more bytes are needed.</summary>
    public bool Read(out FrameSpan frame)
    {
        frame = default;
        var buffer = _buffer;
        var start = _position;
        if (start >= buffer.Length)
        {
            return false;
        }

        if (Utf8Text.IsSeparator(buffer[start]))
        {
            var end = start + 1;
            while (end < buffer.Length && Utf8Text.IsSeparator(buffer[end]))
            {
                end++;
            }

            frame = FrameSpan.Separator(start, end - start);
            _position = end;
            return true;
        }

        var header = ReadHeader(start, out var count, out var messageStart);
        if (header == Decision.NeedMore)
        {
            return false;
        }

        if (header == Decision.No)
        {
            return Unframeable(start, start + 1, FramingErrors.NotAFrame, out frame);
        }

        if (count == 0 || count > _maxFrameLength)
        {
            return Unframeable(start, messageStart, FramingErrors.CountOutOfRange, out frame);
        }

        var frameEnd = messageStart + count;
        if (frameEnd > buffer.Length)
        {
            return _isFinalBlock && Unframeable(start, messageStart, FramingErrors.CountPastEnd, out frame);
        }

        switch (EndsOnBoundary(frameEnd, messageStart))
        {
            case Decision.Yes:
                frame = FrameSpan.Message(start, frameEnd - start, messageStart, count);
                _position = frameEnd;
                return true;
            case Decision.NeedMore:
                return false;
            default:
                return Unframeable(start, messageStart, FramingErrors.CountOffBoundary, out frame);
        }
    }

    private enum Decision
    {
        No,
        Yes,
        NeedMore,
    }

    private readonly Decision ReadHeader(int start, out int count, out int messageStart)
    {
        count = 0;
        messageStart = start;
        var buffer = _buffer;
        var i = start;
        while (i < buffer.Length && Utf8Text.IsDigit(buffer[i]))
        {
            if (i - start == MaxCountDigits)
            {
                return Decision.No;
            }

            count = (count * 10) + (buffer[i] - '0');
            i++;
        }

        if (i == buffer.Length)
        {
            return _isFinalBlock ? Decision.No : Decision.NeedMore;
        }

        if (i == start || buffer[i] != ' ')
        {
            return Decision.No;
        }

        messageStart = i + 1;
        return Decision.Yes;
    }

    /// <summary>Whether a frame ending at <paramref name="end"/> is followed by the end of the input or by a
    /// plausible frame header, possibly after whitespace.</summary>
    private readonly Decision EndsOnBoundary(int end, int messageStart)
    {
        var decision = EndsOnBoundary(end);
        if (decision != Decision.Yes || end == _buffer.Length || !Utf8Text.IsDigit(_buffer[end]))
        {
            return decision;
        }

        return CheckGluedCount(end, messageStart);
    }

    /// <summary>
    /// A frame glued to a digit run that ends in <c> &lt;PRI&gt;</c> looks right even when its count is off by
    /// a few bytes: too large, it ends inside the next count (<c>…1</c> + <c>23 &lt;</c>); too small, it ends
    /// on digits at the end of its own message (<c>status=</c> + <c>200115 &lt;</c>). The frame is accepted
    /// when the header at its end makes a frame that itself ends cleanly, or when no other split of the
    /// digit run does; otherwise the count was wrong.
    /// </summary>
    private readonly Decision CheckGluedCount(int end, int messageStart)
    {
        var own = FrameEndsCleanly(end);
        if (own != Decision.No)
        {
            return own;
        }

        var runStart = end;
        while (runStart > messageStart && Utf8Text.IsDigit(_buffer[runStart - 1]) && end - runStart < MaxCountDigits)
        {
            runStart--;
        }

        var runEnd = end;
        while (runEnd < _buffer.Length && Utf8Text.IsDigit(_buffer[runEnd]))
        {
            runEnd++;
        }

        for (var start = runEnd - 1; start >= runStart; start--)
        {
            if (start == end || _buffer[start] == '0')
            {
                continue;
            }

            switch (FrameEndsCleanly(start))
            {
                case Decision.Yes:
                    return Decision.No;
                case Decision.NeedMore:
                    return Decision.NeedMore;
            }
        }

        return Decision.Yes;
    }

    /// <summary>Whether the frame whose header starts at <paramref name="headerStart"/> fits and ends on a boundary.</summary>
    private readonly Decision FrameEndsCleanly(int headerStart)
    {
        var header = ReadHeader(headerStart, out var count, out var messageStart);
        if (header != Decision.Yes)
        {
            return header;
        }

        var end = messageStart + count;
        if (count == 0 || count > _maxFrameLength)
        {
            return Decision.No;
        }

        if (end > _buffer.Length)
        {
            return _isFinalBlock ? Decision.No : Decision.NeedMore;
        }

        return EndsOnBoundary(end);
    }

    private readonly Decision EndsOnBoundary(int end)
    {
        var buffer = _buffer;
        var next = end;
        while (next < buffer.Length && Utf8Text.IsSeparator(buffer[next]) && next - end < MaxSeparatorScan)
        {
            next++;
        }

        if (next - end >= MaxSeparatorScan)
        {
            return Decision.Yes;
        }

        if (next == buffer.Length)
        {
            return _isFinalBlock ? Decision.Yes : Decision.NeedMore;
        }

        return LooksLikeHeader(next);
    }

    /// <summary>Recognises <c>[1-9][0-9]{0,7} SP '&lt;' [0-9]{1,3} '&gt;'</c> at <paramref name="at"/>.</summary>
    private readonly Decision LooksLikeHeader(int at)
    {
        var buffer = _buffer;
        var i = at;
        if (buffer[i] == '0')
        {
            return Decision.No;
        }

        while (i < buffer.Length && Utf8Text.IsDigit(buffer[i]) && i - at < MaxCountDigits)
        {
            i++;
        }

        if (i == at)
        {
            return Decision.No;
        }

        return LooksLikePriAfterDigits(i);
    }

    /// <summary>Recognises <c>SP '&lt;' [0-9]{1,3} '&gt;'</c> at <paramref name="at"/>.</summary>
    private readonly Decision LooksLikePriAfterDigits(int at)
    {
        var buffer = _buffer;
        var i = at;
        if (!Expect(ref i, (byte)' ', out var decision) || !Expect(ref i, (byte)'<', out decision))
        {
            return decision;
        }

        var digitsStart = i;
        while (i < buffer.Length && Utf8Text.IsDigit(buffer[i]) && i - digitsStart < 3)
        {
            i++;
        }

        if (i == buffer.Length)
        {
            return _isFinalBlock ? Decision.No : Decision.NeedMore;
        }

        return i > digitsStart && buffer[i] == '>' ? Decision.Yes : Decision.No;
    }

    private readonly bool Expect(ref int i, byte expected, out Decision decision)
    {
        if (i == _buffer.Length)
        {
            decision = _isFinalBlock ? Decision.No : Decision.NeedMore;
            return false;
        }

        if (_buffer[i] != expected)
        {
            decision = Decision.No;
            return false;
        }

        i++;
        decision = Decision.Yes;
        return true;
    }

    /// <summary>Returns the bytes from <paramref name="start"/> to the next plausible frame header at or after
    /// <paramref name="searchFrom"/> as one unframeable span.</summary>
    private bool Unframeable(int start, int searchFrom, string reason, out FrameSpan frame)
    {
        frame = default;
        var resume = FindHeader(searchFrom);
        if (resume < 0)
        {
            if (!_isFinalBlock)
            {
                // Wait for the header that ends the run, unless the run is already longer than any frame:
                // then cut it, keeping the last bytes (a header may straddle the end) and whitespace in it.
                if (_buffer.Length - start <= _maxFrameLength + HeaderLookahead)
                {
                    return false;
                }

                resume = _buffer.Length - HeaderLookahead;
                while (resume < _buffer.Length && Utf8Text.IsSeparator(_buffer[resume]))
                {
                    resume++;
                }
            }
            else
            {
                resume = _buffer.Length;
            }
        }

        frame = FrameSpan.Unframeable(start, resume - start, reason);
        _position = resume;
        return true;
    }

    /// <summary>The start of the first plausible frame header at or after <paramref name="from"/>; -1 when
    /// there is none or (partial buffer) when more bytes are needed to choose.</summary>
    private readonly int FindHeader(int from)
    {
        var buffer = _buffer;
        var searchAt = from + 2;
        while (searchAt < buffer.Length)
        {
            var found = buffer[searchAt..].IndexOf((byte)'<');
            if (found < 0)
            {
                return -1;
            }

            var angle = searchAt + found;
            searchAt = angle + 1;
            if (buffer[angle - 1] != ' ')
            {
                continue;
            }

            var digitsEnd = angle - 1;
            var digitsStart = digitsEnd;
            while (digitsStart > from && digitsEnd - digitsStart < MaxCountDigits && Utf8Text.IsDigit(buffer[digitsStart - 1]))
            {
                digitsStart--;
            }

            if (digitsStart < digitsEnd && LooksLikePriAfterDigits(digitsEnd) == Decision.Yes)
            {
                return ChooseCountStart(digitsStart, digitsEnd);
            }
        }

        return -1;
    }

    /// <summary>
    /// The digits before a header may begin with the last digits of the message before it (<c>…a8e7</c> +
    /// <c>74 &lt;190&gt;</c>). Takes the shortest run whose frame ends cleanly (a long wrong count landing on
    /// a boundary by chance is likelier than a short one), else the longest run.
    /// </summary>
    private readonly int ChooseCountStart(int digitsStart, int digitsEnd)
    {
        var longest = -1;
        for (var start = digitsEnd - 1; start >= digitsStart; start--)
        {
            if (_buffer[start] == '0')
            {
                continue;
            }

            longest = start;
            switch (FrameEndsCleanly(start))
            {
                case Decision.Yes:
                    return start;
                case Decision.NeedMore:
                    return -1;
            }
        }

        return longest;
    }
}
