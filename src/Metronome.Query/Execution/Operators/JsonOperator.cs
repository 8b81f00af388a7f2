using System.Text.Json;
using Metronome.Core.Events;

namespace Metronome.Query.Execution.Operators;

/// <summary><c>json "path", ... [as ...] [nodrop]</c> and <c>json auto</c>. Values come out as text (strings
/// unquoted, numbers and booleans as written, objects and arrays as JSON), like every parsed field. A
/// message that is not JSON or lacks a key is dropped unless nodrop; <c>json auto</c> never drops.</summary>
public sealed class JsonOperator(int source, JsonPath[] paths, int[] outputs, bool auto, bool nodrop) : StreamingOperator
{
    private const int AutoFieldLimit = 100;

    protected override void Process(RowBatch batch, QueryContext context)
    {
        var drop = false;
        for (var i = 0; i < batch.Count; i++)
        {
            var row = batch[i];
            var value = Rows.Get(row, source);
            using var document = value.IsNull ? null : TryParse(value.ToString());
            if (auto)
            {
                if (document is not null && document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    var count = 0;
                    row = Flatten(document.RootElement, "", row, context, ref count);
                }

                batch[i] = row;
                continue;
            }

            var found = document is not null;
            if (found)
            {
                for (var p = 0; p < paths.Length; p++)
                {
                    var text = paths[p].Evaluate(document!.RootElement);
                    found &= text is not null;
                    row = Rows.Set(row, outputs[p], Values.Of(text));
                }
            }

            if (!found && !nodrop)
            {
                row = null!;
                drop = true;
            }
            else if (!found)
            {
                foreach (var slot in outputs)
                {
                    row = Rows.Set(row, slot, FieldValue.Null);
                }
            }

            batch[i] = row;
        }

        if (drop)
        {
            batch.RemoveWhere(static row => row is null);
        }
    }

    private static FieldValue[] Flatten(JsonElement element, string prefix, FieldValue[] row, QueryContext context, ref int count)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (count >= AutoFieldLimit)
            {
                break;
            }

            var name = prefix + property.Name.Replace(' ', '_');
            if (property.Value.ValueKind == JsonValueKind.Object)
            {
                row = Flatten(property.Value, name + ".", row, context, ref count);
                continue;
            }

            count++;
            row = Rows.Set(row, context.Slots.GetOrAdd(name), Values.Of(JsonPath.Text(property.Value)));
        }

        return row;
    }

    private static JsonDocument? TryParse(string text)
    {
        var start = text.IndexOf('{');
        var arrayStart = text.IndexOf('[');
        if (start < 0 || (arrayStart >= 0 && arrayStart < start))
        {
            start = arrayStart;
        }

        if (start < 0)
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(text.AsMemory(start));
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
