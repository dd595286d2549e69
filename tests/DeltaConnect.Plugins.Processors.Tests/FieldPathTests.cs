using DeltaConnect.Plugins.Processors.Fields;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Errors;
using static DeltaConnect.Plugins.Processors.Tests.TestRecords;

namespace DeltaConnect.Plugins.Processors.Tests;

public sealed class FieldPathTests
{
    [Theory]
    [InlineData("foo.bar.baz")]
    [InlineData("foo`bar`")]
    [InlineData("foo.`bar.baz`")]
    public void Version_1_paths_are_one_field_name(string path)
    {
        Assert.Equal([path], new FieldPath(path, FieldSyntaxVersion.V1).Steps);
    }

    [Theory]
    [InlineData("..", new[] { "", "", "" })]
    [InlineData("foo..", new[] { "foo", "", "" })]
    [InlineData(".bar.", new[] { "", "bar", "" })]
    [InlineData("..baz", new[] { "", "", "baz" })]
    [InlineData("foobarbaz", new[] { "foobarbaz" })]
    [InlineData("foo.bar.baz", new[] { "foo", "bar", "baz" })]
    [InlineData("foo`bar`baz", new[] { "foo`bar`baz" })]
    [InlineData("`foo.bar.baz`", new[] { "foo.bar.baz" })]
    [InlineData("foo.`bar.baz`", new[] { "foo", "bar.baz" })]
    [InlineData("`foo.bar`.baz", new[] { "foo.bar", "baz" })]
    [InlineData("foo.`bar`.baz", new[] { "foo", "bar", "baz" })]
    [InlineData("foo.``bar.baz`", new[] { "foo", "`bar.baz" })]
    [InlineData("foo.`bar.baz``", new[] { "foo", "bar.baz`" })]
    [InlineData("foo.`ba`r.baz`", new[] { "foo", "ba`r.baz" })]
    [InlineData("foo.ba`r.baz", new[] { "foo", "ba`r", "baz" })]
    [InlineData("foo.``bar``.baz", new[] { "foo", "`bar`", "baz" })]
    [InlineData("``foo.bar.baz``", new[] { "`foo.bar.baz`" })]
    [InlineData("foo.`bar\\`.baz`", new[] { "foo", "bar`.baz" })]
    [InlineData("foo.`bar.`baz`", new[] { "foo", "bar.`baz" })]
    [InlineData("foo.`bar\\`.`baz`", new[] { "foo", "bar`.`baz" })]
    [InlineData("foo.`bar\\\\`.\\`baz`", new[] { "foo", "bar\\`.\\`baz" })]
    public void Version_2_paths_split_on_dots_outside_backtick_pairs(string path, string[] steps)
    {
        Assert.Equal(steps, new FieldPath(path, FieldSyntaxVersion.V2).Steps);
    }

    [Theory]
    [InlineData("`foo.bar.baz", 0)]
    [InlineData("foo.`bar.baz", 4)]
    [InlineData("foo.bar.`baz", 8)]
    [InlineData("foo.bar.`baz\\`", 8)]
    public void Incomplete_backtick_pair_is_a_config_error_pointing_at_the_backtick(string path, int position)
    {
        var error = Assert.Throws<ConfigException>(() => new FieldPath(path, FieldSyntaxVersion.V2));

        Assert.Equal($"Incomplete backtick pair in path: [{path}], consider adding a backslash before backtick at position {position} to escape it", error.Message);
    }

    [Fact]
    public void Nested_struct_values_and_fields_are_found_and_missing_steps_give_null()
    {
        var inner = SchemaBuilder.Struct().Optional().Field("b", Schema.Int32).Build();
        var schema = SchemaBuilder.Struct().Field("a", inner).Field("n", Schema.OptionalString).Build();
        var value = new Struct(schema).Put("a", new Struct(inner).Put("b", 5));
        var path = new FieldPath("a.b", FieldSyntaxVersion.V2);

        Assert.Same(Schema.Int32, path.FieldFrom(schema)!.Schema);
        Assert.Equal(5, path.ValueFrom(value));
        Assert.Null(new FieldPath("a.x", FieldSyntaxVersion.V2).FieldFrom(schema));
        Assert.Null(new FieldPath("x.b", FieldSyntaxVersion.V2).ValueFrom(value));
        Assert.Null(new FieldPath("n.b", FieldSyntaxVersion.V2).FieldFrom(schema));
        Assert.Null(path.ValueFrom(new Struct(schema)));
    }

    [Fact]
    public void Nested_map_values_are_found_and_missing_steps_give_null()
    {
        var map = Map(("a", Map(("b", 5))), ("n", null));

        Assert.Equal(5, new FieldPath("a.b", FieldSyntaxVersion.V2).ValueFrom(map));
        Assert.Null(new FieldPath("n.b", FieldSyntaxVersion.V2).ValueFrom(map));
        Assert.Null(new FieldPath("x.b", FieldSyntaxVersion.V2).ValueFrom(map));
    }

    [Fact]
    public void A_step_through_a_value_that_is_not_a_map_is_a_data_error()
    {
        Assert.Throws<DataException>(() => new FieldPath("a.b", FieldSyntaxVersion.V2).ValueFrom(Map(("a", 1))));
    }
}
