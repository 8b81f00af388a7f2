namespace Metronome.Core.Events;

/// <summary>The type of a field value. The numeric values are part of the on-disk format.</summary>
public enum FieldKind : byte
{
    Null = 0,
    String = 1,
    Long = 2,
    Double = 3,
    Bool = 4,
}
