using System.Reflection;
using System.Reflection.Emit;

namespace WeChatGpt.UnitTests.Architecture;

/// <summary>
/// Every type a type uses: in its signatures (base type, interfaces, fields, properties, method parameters and
/// results, attributes) and in its method bodies (the IL's type, method and field tokens) — what a namespace
/// really depends on, including what a <c>using</c> directive would not show.
/// </summary>
internal static class TypeReferences
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    private const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>The types <paramref name="type"/> uses, each with where it is used (for the failure message).</summary>
    public static IEnumerable<(Type Used, string Where)> Of(Type type)
    {
        var found = new List<(Type, string)>();
        void Add(Type? used, string where)
        {
            foreach (var t in Expand(used))
            {
                found.Add((t, where));
            }
        }

        Add(type.BaseType, "base type");
        foreach (var i in type.GetInterfaces())
        {
            Add(i, "interface");
        }

        foreach (var attribute in type.CustomAttributes)
        {
            Add(attribute.AttributeType, "attribute");
        }

        foreach (var field in type.GetFields(Everything))
        {
            Add(field.FieldType, $"field {field.Name}");
        }

        foreach (var property in type.GetProperties(Everything))
        {
            Add(property.PropertyType, $"property {property.Name}");
        }

        foreach (var method in type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything)))
        {
            var where = $"{(method is ConstructorInfo ? "constructor" : "method " + method.Name)}";
            foreach (var parameter in method.GetParameters())
            {
                Add(parameter.ParameterType, where);
            }

            if (method is MethodInfo m)
            {
                Add(m.ReturnType, where);
            }

            foreach (var used in BodyReferences(method))
            {
                Add(used, where + " body");
            }
        }

        return found;
    }

    /// <summary>A type and the types inside it (element types, generic arguments).</summary>
    private static IEnumerable<Type> Expand(Type? type)
    {
        if (type is null || type.IsGenericParameter)
        {
            yield break;
        }

        if (type.HasElementType)
        {
            foreach (var t in Expand(type.GetElementType()))
            {
                yield return t;
            }

            yield break;
        }

        yield return type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        foreach (var argument in type.IsGenericType ? type.GetGenericArguments() : [])
        {
            foreach (var t in Expand(argument))
            {
                yield return t;
            }
        }
    }

    private static IEnumerable<Type> BodyReferences(MethodBase method)
    {
        byte[]? il;
        try
        {
            il = method.GetMethodBody()?.GetILAsByteArray();
        }
        catch (InvalidOperationException)
        {
            il = null;
        }

        if (il is null)
        {
            yield break;
        }

        var typeArguments = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var i = 0; i < il.Length;)
        {
            short value = il[i++];
            if (value == 0xFE)
            {
                value = (short)(0xFE00 | il[i++]);
            }

            if (!OpCodesByValue.TryGetValue(value, out var op))
            {
                yield break;
            }

            switch (op.OperandType)
            {
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    i += 1;
                    break;
                case OperandType.InlineVar:
                    i += 2;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    i += 8;
                    break;
                case OperandType.InlineSwitch:
                    var count = BitConverter.ToInt32(il, i);
                    i += 4 + (count * 4);
                    break;
                case OperandType.InlineType or OperandType.InlineTok or OperandType.InlineMethod or OperandType.InlineField:
                    var token = BitConverter.ToInt32(il, i);
                    i += 4;
                    foreach (var t in Resolve(method.Module, token, typeArguments, methodArguments))
                    {
                        yield return t;
                    }

                    break;
                default:
                    i += 4;
                    break;
            }
        }
    }

    private static IEnumerable<Type> Resolve(Module module, int token, Type[]? typeArguments, Type[]? methodArguments)
    {
        MemberInfo? member;
        try
        {
            member = module.ResolveMember(token, typeArguments, methodArguments);
        }
        catch (Exception ex) when (ex is ArgumentException or TypeLoadException or MissingMemberException or BadImageFormatException)
        {
            yield break;
        }

        switch (member)
        {
            case Type type:
                yield return type;
                break;
            case MethodBase called:
                yield return called.DeclaringType!;
                foreach (var argument in called.IsGenericMethod ? called.GetGenericArguments() : [])
                {
                    yield return argument;
                }

                break;
            case FieldInfo field:
                yield return field.DeclaringType!;
                yield return field.FieldType;
                break;
        }
    }
}
