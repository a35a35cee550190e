using System.Collections;
using System.Reflection;

namespace CustomerStream.SchemaRegistry.Tests.Support;

/// <summary>Deep equality of contract objects by their public properties, failing with the path of the first difference.</summary>
public static class StructuralAssert
{
    public static void Equal(object? expected, object? actual, string path = "value")
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{path}: expected {expected ?? "null"}, got {actual ?? "null"}");
            return;
        }

        Assert.True(expected.GetType() == actual.GetType(), $"{path}: expected a {expected.GetType().Name}, got a {actual.GetType().Name}");
        switch (expected)
        {
            case DateTime e:
                var a = (DateTime)actual;
                Assert.True(e == a && e.Kind == a.Kind, $"{path}: expected {e:O} ({e.Kind}), got {a:O} ({a.Kind})");
                return;
            case string or decimal or long or int or bool or double or float or Enum or Guid or DateTimeOffset or DateOnly:
                Assert.True(expected.Equals(actual), $"{path}: expected {expected}, got {actual}");
                return;
            case byte[] e:
                Assert.True(e.AsSpan().SequenceEqual((byte[])actual), $"{path}: bytes differ");
                return;
            case IDictionary e:
                var actualMap = (IDictionary)actual;
                Assert.True(e.Count == actualMap.Count, $"{path}: expected {e.Count} entries, got {actualMap.Count}");
                foreach (DictionaryEntry entry in e)
                {
                    Assert.True(actualMap.Contains(entry.Key), $"{path}: key {entry.Key} is missing");
                    Equal(entry.Value, actualMap[entry.Key], $"{path}[{entry.Key}]");
                }

                return;
            case IEnumerable e:
                var expectedItems = e.Cast<object?>().ToList();
                var actualItems = ((IEnumerable)actual).Cast<object?>().ToList();
                Assert.True(expectedItems.Count == actualItems.Count, $"{path}: expected {expectedItems.Count} items, got {actualItems.Count}");
                for (var i = 0; i < expectedItems.Count; i++)
                {
                    Equal(expectedItems[i], actualItems[i], $"{path}[{i}]");
                }

                return;
        }

        foreach (var property in expected.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            Equal(property.GetValue(expected), property.GetValue(actual), $"{path}.{property.Name}");
        }
    }
}
