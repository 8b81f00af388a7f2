using Metronome.Core.Events;
using Metronome.Storage.Segments;

namespace Metronome.Storage.Tests.Segments;

/// <summary>A field's column is first guessed from the field's position; the guess must never hand out the
/// column of another key or kind, whatever the rows before put at that position.</summary>
public class FieldColumnsTests
{
    [Fact]
    public void A_field_gets_the_column_of_its_key_and_kind_whatever_was_at_its_position_before()
    {
        var columns = new List<ColumnBuilder>();
        using var fields = new FieldColumns(100, columns);
        (string Key, FieldKind Kind)[][] rows =
        [
            [("path", FieldKind.String), ("status", FieldKind.Long)],
            [("path", FieldKind.String), ("status", FieldKind.Long)],
            [("path", FieldKind.Long), ("statux", FieldKind.Long)],
            [("pat", FieldKind.String), ("path", FieldKind.String), ("status", FieldKind.Long)],
            [("", FieldKind.String), ("status", FieldKind.Double), ("status", FieldKind.Long)],
            [("path", FieldKind.String), ("pathh", FieldKind.String)],
            [("path", FieldKind.String)],
        ];

        foreach (var row in rows)
        {
            for (int position = 0; position < row.Length; position++)
            {
                var (key, kind) = row[position];
                var column = fields.Of(position, System.Text.Encoding.UTF8.GetBytes(key), kind);

                Assert.Equal((key, kind), (column.Key, column.Kind));
                Assert.Same(column, columns.Single(c => c.Key == key && c.Kind == kind));
            }
        }

        Assert.Equal(["path", "status", "path", "statux", "pat", "", "status", "pathh"], columns.Select(c => c.Key));
    }

    [Fact]
    public void Fields_past_the_first_positions_find_their_columns_too()
    {
        var columns = new List<ColumnBuilder>();
        using var fields = new FieldColumns(10, columns);
        var keys = Enumerable.Range(0, 40).Select(i => $"k{i}").ToList();

        for (int row = 0; row < 3; row++)
        {
            foreach (var (key, position) in keys.Select((k, i) => (k, i)))
            {
                int shifted = (position + row) % keys.Count;
                Assert.Equal(key, fields.Of(shifted, System.Text.Encoding.UTF8.GetBytes(key), FieldKind.Long).Key);
            }
        }

        Assert.Equal(keys, columns.Select(c => c.Key));
    }
}
