"""Spark: ``mapInPandas`` with the explicit result schema under PySpark ``local[2]``.

Skipped when PySpark is not installed (the ``spark`` extra) or Java is missing, unless
``MEA_TRADE_REQUIRE_SPARK`` is set (CI sets it, so that these tests cannot be skipped
there). One SparkSession serves the module: starting the JVM takes seconds.
"""

from __future__ import annotations

import os
import pathlib
import shutil
import sys
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import mea_trade as mt
from mea_trade import scale
from mea_trade.testing import write_synthetic_declarations

pd = pytest.importorskip("pandas")
pytest.importorskip("pyarrow")

if os.environ.get("MEA_TRADE_REQUIRE_SPARK"):
    import pyspark  # noqa: F401  (CI: fail, not skip, without PySpark)
else:
    pytest.importorskip("pyspark")
    if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
        pytest.skip("PySpark needs Java", allow_module_level=True)

from pyspark.sql import SparkSession  # noqa: E402

pytestmark = [
    pytest.mark.slow,
    pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning"),
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),
]


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    """One local[2] session for the module (Spark UI off, Arrow on, quiet logs).

    Spark's Python workers run this interpreter (``PYSPARK_PYTHON``), whose
    environment has mea_trade: by default they run ``python3`` from ``PATH``.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PYSPARK_PYTHON", sys.executable)
        session = _session()
        session.sparkContext.setLogLevel("ERROR")
        yield session
        session.stop()


def _session() -> Any:
    return (
        SparkSession.builder.master("local[2]")
        .appName("mea_trade tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )


def _as_text(frame: Any, inputs: list[str]) -> Any:
    """*frame* as text: Spark reads a blank cell as null, which the screen reads as empty."""
    out = frame.reset_index(drop=True).astype(object)
    out[inputs] = out[inputs].where(out[inputs].notna(), "")
    return out


def _assert_same_lines(got: Any, expected: Any) -> None:
    inputs = [c for c in expected.columns if c not in mt.screening.RESULT_COLUMNS]
    assert list(got.columns) == list(expected.columns)
    assert len(got) == len(expected)
    pd.testing.assert_frame_equal(_as_text(got, inputs), _as_text(expected, inputs))


def test_map_in_pandas_equals_screen_line_for_line(
    spark: Any, synthetic_declarations: pathlib.Path, single_process_screen: Any
) -> None:
    lines = spark.read.options(**scale.SPARK_CSV_OPTIONS).csv(str(synthetic_declarations))
    assert lines.rdd.getNumPartitions() >= 2
    screened = scale.screen_spark_dataframe(lines)
    assert screened.schema == scale.spark_schema(lines.schema)
    got = screened.toPandas().sort_values("reference", kind="stable")
    _assert_same_lines(got, single_process_screen)
    namibia = (got["exporter"] == "NA") | (got["importer"] == "NA")
    assert namibia.sum() > 1_000


def test_schema_as_ddl_types_the_same_result(spark: Any) -> None:
    rows = [
        ("A", "R-22", "NA", "GH", "2024-05-01", None),
        ("B", "CFC-11", "CN", "SS", "2010-06-01", "1 t"),
        ("C", "R-22", "CN", "GH", "2024-02-30", None),
    ]
    columns = ["reference", "commodity", "exporter", "importer", "date", "quantity"]
    lines = spark.createDataFrame(rows, schema=", ".join(f"{c} string" for c in columns))
    screened = lines.mapInPandas(scale.screen_batches, schema=scale.spark_ddl(lines.schema))
    assert screened.schema == scale.spark_schema(lines.schema)
    statuses = [r["status"] for r in screened.orderBy("reference").collect()]
    assert statuses == ["licences_required", "prohibited", "error"]


def test_docs_recipe_runs_and_equals_screen(
    spark: Any,
    docs_recipe: Callable[[str], str],
    tmp_path: pathlib.Path,
) -> None:
    write_synthetic_declarations(tmp_path / "declarations.csv", 20_000)
    # The module's JVM started in another folder and resolves relative paths there: the
    # recipe's two paths are made absolute.
    code = docs_recipe("spark")
    for name in ('"declarations.csv"', '"screened"'):
        assert name in code
        code = code.replace(name, repr(str(tmp_path / name.strip('"'))))
    namespace: dict[str, Any] = {"__name__": "__main__"}
    exec(compile(code, "docs/scale.rst (spark)", "exec"), namespace)
    assert namespace["spark"] is spark  # the recipe's getOrCreate found the module's session
    parts = sorted((tmp_path / "screened").glob("*.parquet"))
    got = pd.concat([pd.read_parquet(p) for p in parts]).sort_values("reference", kind="stable")
    expected = mt.screen(pd.read_csv(tmp_path / "declarations.csv", **scale.PANDAS_CSV_OPTIONS))
    _assert_same_lines(got, expected)
