"""Learned event typing: sentence embeddings (the offline all-MiniLM-L6-v2) and small
trained heads (has-event, PLOVER type, mode, ACLED sub-type, modality).

`examples` reads gold files into training examples, `heads` holds the numpy-only
classifiers (trained with scikit-learn, calibrated by temperature), `model` trains, saves
and loads a model directory, `encoder` loads the sentence encoder lazily (onnxruntime;
torch only to export it once per machine). Nothing here is imported by commands that do
not code text.
"""
