using System.CommandLine;
using System.Text.Json;
using Circumplex.ReferenceFer;
using Circumplex.Training.Data;
using Circumplex.Training.Evaluation;

// Scores a reference FER2013 classifier (../shared/models/fer2013_mini_XCEPTION.onnx, trained on sharp FER2013) on a
// labelled set, optionally blurred until it is as blurry as another set: how far the blur of ../shared/data's FER2013
// train copy is from its sharp test images, in the accuracy of a model that never saw our training.
var model = new Option<FileInfo>("--model") { Description = "The reference ONNX classifier (48×48 grey, 7 FER2013 classes)", Required = true };
var data = new Option<string>("--data") { Description = "A labelled set (e.g. fer2013_test.zip)", Required = true };
var blurLike = new Option<string?>("--blur-like") { Description = "Blur every face until the set's median sharpness equals this set's (e.g. fer2013_train.zip)" };
var json = new Option<bool>("--json") { Description = "Print JSON" };
var root = new RootCommand("Accuracy of a reference FER2013 classifier on a labelled set") { model, data, blurLike, json };
root.SetAction(parse =>
{
    using var classifier = new GreyFaceClassifier(parse.GetRequiredValue(model).FullName);
    using var set = DatasetOpener.Open(parse.GetRequiredValue(data));
    double sigma = 0;
    double? sharpness = null, target = null;
    if (parse.GetValue(blurLike) is { } other)
    {
        using var blurry = DatasetOpener.Open(other);
        using var mine = SharpnessMatching.Sample(set, GreyFaceClassifier.Side, seed: 1);
        using var theirs = SharpnessMatching.Sample(blurry, GreyFaceClassifier.Side, seed: 1);
        sharpness = SharpnessMatching.Median(mine);
        target = SharpnessMatching.Median(theirs);
        sigma = target < sharpness ? SharpnessMatching.SigmaToMatch(mine, target.Value)
            ?? throw new InvalidDataException($"{other} is blurrier than a Gaussian of a quarter of the side makes {set.Name}") : 0;
    }
    var result = ReferenceAccuracy.Measure(classifier, set, sigma);
    if (parse.GetValue(json))
    {
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            data = set.Name, n = result.Count, accuracy = result.Accuracy, recall = result.Recall,
            blur_sigma = sigma, sharpness, target_sharpness = target,
        }));
        return 0;
    }
    Console.WriteLine($"{set.Name}: {result.Count} faces, accuracy {result.Accuracy:P1}" +
        (sharpness is null ? "" : $" (blurred with sigma {sigma:F2} px at 48 px: median sharpness {sharpness:F4} → {target:F4})"));
    foreach (var (name, recall) in result.Recall) Console.WriteLine($"  {name,-9} {recall:P1}");
    return 0;
});
try
{
    return root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
{
    // Bad input (a missing file, a set without labels, a model of another shape): one line, no stack trace.
    Console.Error.WriteLine($"reference-fer: {e.Message}");
    return 1;
}
