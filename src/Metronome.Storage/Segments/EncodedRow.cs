namespace Metronome.Storage.Segments;

/// <summary>Where one tail event's encoded bytes start (batch and offset), with the segment's sort key:
/// rows sort by name rank, then time, then arrival (<paramref name="Sequence"/>), as segments are laid out.</summary>
internal readonly record struct EncodedRow(int NameRank, long TimeUs, long Sequence, int Batch, int Offset) : IComparable<EncodedRow>
{
    public int CompareTo(EncodedRow other)
    {
        int c = NameRank.CompareTo(other.NameRank);
        if (c != 0)
        {
            return c;
        }

        c = TimeUs.CompareTo(other.TimeUs);
        return c != 0 ? c : Sequence.CompareTo(other.Sequence);
    }
}
