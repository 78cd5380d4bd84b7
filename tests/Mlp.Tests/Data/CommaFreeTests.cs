using System.Text;
using Mlp.Data;

namespace Mlp.Tests.Data;

/// <summary>
/// The look for a comma once per record (<see cref="Cell.CommaFree"/>) reads every field as the
/// look field by field does, on random records of every separator, with quoted fields, commas
/// inside them and quotes inside those.
/// </summary>
public class CommaFreeTests
{
    private static readonly string[] Plain = ["1", "-2.5", "3e4", "0.125", " 7 ", "x", "NA", ""];
    private static readonly string[] WithComma = ["1,5", "1,000", "2,000.5", "a,b"];

    [Theory]
    [InlineData(',')]
    [InlineData(';')]
    [InlineData('\t')]
    [InlineData('|')]
    public void Reads_every_field_as_the_look_field_by_field(char separator)
    {
        var random = new Random(separator);
        for (int file = 0; file < 40; file++)
        {
            int columns = random.Next(1, 7);
            var csv = new StringBuilder();
            csv.AppendJoin(separator, Enumerable.Range(0, columns).Select(c => $"c{c}"));
            csv.Append('\n');
            for (int row = 0; row < 30; row++)
            {
                csv.AppendJoin(
                    separator,
                    Enumerable.Range(0, columns).Select(_ => Field(random, separator))
                );
                csv.Append('\n');
            }
            AssertSameReading(csv.ToString(), separator, columns);
        }
    }

    private static string Field(Random random, char separator)
    {
        int kind = random.Next(10);
        string text =
            kind < 2 ? WithComma[random.Next(WithComma.Length)] : Plain[random.Next(Plain.Length)];
        // Quoted at times, always where the comma is the separator and the text holds one.
        bool quoted = (separator == ',' && text.Contains(',')) || kind == 9 || random.Next(8) == 0;
        return quoted ? $"\"{(kind == 9 ? text + "\"\"" : text)}\"" : text;
    }

    private static void AssertSameReading(string csv, char separator, int columns)
    {
        using var reader = CsvSource.Open(
            "-",
            new MemoryStream(Encoding.UTF8.GetBytes(csv)),
            new CsvDialect { Delimiter = separator }
        );
        CsvSource.ReadHeader(reader, "data.csv");
        while (CsvSource.Next(reader, "data.csv", columns))
        {
            bool commaFree = Cell.CommaFree(reader);
            for (int i = 0; i < columns; i++)
            {
                bool fast = Cell.TryNumber(reader, i, out double quick, commaFree: commaFree);
                bool slow = Cell.TryNumber(reader, i, out double careful, commaFree: false);
                Assert.Equal(slow, fast);
                Assert.Equal(careful, quick);
            }
        }
    }
}
