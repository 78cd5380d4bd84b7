using Parquet;
using Parquet.Schema;

namespace Mlp.Tests.Data;

/// <summary>Parquet files written by the tests themselves (Parquet.Net), one or more row groups.</summary>
internal static class ParquetFiles
{
    /// <summary>A column: its field and, per row, a value of the field's type (null where the field is nullable).</summary>
    public sealed record Column(DataField Field, Array Values);

    public static void Write(string path, int rowsPerGroup, params Column[] columns) =>
        WriteAsync(path, rowsPerGroup, columns).GetAwaiter().GetResult();

    private static async Task WriteAsync(string path, int rowsPerGroup, Column[] columns)
    {
        var schema = new ParquetSchema([.. columns.Select(c => (Field)c.Field)]);
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(schema, stream);
        int rows = columns[0].Values.Length;
        for (int start = 0; start < rows; start += rowsPerGroup)
        {
            int count = Math.Min(rowsPerGroup, rows - start);
            using var group = writer.CreateRowGroup();
            foreach (var column in columns)
            {
                await WriteColumn(group, column, start, count);
            }
        }
    }

    private static Task WriteColumn(
        ParquetRowGroupWriter group,
        Column column,
        int start,
        int count
    ) =>
        column.Values switch
        {
            double[] v => group.WriteAsync<double>(column.Field, v.AsMemory(start, count)),
            double?[] v => group.WriteAsync<double>(column.Field, v.AsMemory(start, count)),
            float[] v => group.WriteAsync<float>(column.Field, v.AsMemory(start, count)),
            int[] v => group.WriteAsync<int>(column.Field, v.AsMemory(start, count)),
            long[] v => group.WriteAsync<long>(column.Field, v.AsMemory(start, count)),
            bool[] v => group.WriteAsync<bool>(column.Field, v.AsMemory(start, count)),
            DateTime[] v => group.WriteAsync<DateTime>(column.Field, v.AsMemory(start, count)),
            string?[] v => group.WriteAsync(column.Field, v[start..(start + count)], null),
            _ => throw new ArgumentException($"no writer for {column.Values.GetType()}"),
        };
}
