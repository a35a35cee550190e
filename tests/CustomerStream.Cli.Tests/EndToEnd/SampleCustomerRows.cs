using Microsoft.VisualBasic.FileIO;

namespace CustomerStream.Cli.Tests.EndToEnd;

/// <summary>One well-formed row of the sample's customer files: the identifier it carries and its personal fields, trimmed.</summary>
internal sealed record SampleCustomerRow(string SourceIdentifier, string FirstName, string LastName, string Phone)
{
    /// <summary>
    /// The rows of every <c>customers*.csv</c> in <paramref name="sampleFolder"/> that parse with the header's number
    /// of fields (the sample's malformed lines are the rejected records' business, not a person's data).
    /// </summary>
    public static IEnumerable<SampleCustomerRow> ReadAll(string sampleFolder)
    {
        foreach (var file in Directory.EnumerateFiles(sampleFolder, "customers*.csv"))
        {
            using var parser = new TextFieldParser(file) { TextFieldType = FieldType.Delimited, HasFieldsEnclosedInQuotes = true };
            parser.SetDelimiters(",");
            var header = parser.ReadFields()!.Select(h => h.Trim()).ToList();
            int first = header.IndexOf("first_name"), last = header.IndexOf("last_name"), phone = header.IndexOf("phone");
            int source = header.IndexOf("source_system"), id = header.IndexOf("source_customer_id");
            while (!parser.EndOfData)
            {
                string[]? fields;
                try
                {
                    fields = parser.ReadFields();
                }
                catch (MalformedLineException)
                {
                    continue;
                }

                if (fields is null || fields.Length != header.Count)
                {
                    continue;
                }

                yield return new SampleCustomerRow(
                    $"{fields[source].Trim().ToLowerInvariant()}:{fields[id].Trim()}", fields[first].Trim(), fields[last].Trim(), fields[phone].Trim());
            }
        }
    }
}
