"""The agencies the demo's NCBs authorise: real national services, named as they name
themselves. Fixed, so every demo seed has the same agencies."""

from __future__ import annotations

from dataclasses import dataclass

from concord.members.schemas import AgencyKind


@dataclass(frozen=True)
class DemoAgency:
    country: str
    kind: AgencyKind
    name: str


_B, _C, _I = AgencyKind.BORDER, AgencyKind.CUSTOMS, AgencyKind.IMMIGRATION
_P, _F = AgencyKind.POLICE, AgencyKind.FINANCIAL_INTELLIGENCE

#: The French border police: home of the demo's border-screening service account.
FR_BORDER = "Direction nationale de la police aux frontières"

AGENCIES: tuple[DemoAgency, ...] = tuple(
    DemoAgency(country, kind, name)
    for country, kind, name in (
        ("FR", _B, FR_BORDER),
        ("FR", _C, "Direction générale des douanes et droits indirects"),
        ("FR", _P, "Direction nationale de la police judiciaire"),
        ("FR", _F, "Tracfin"),
        ("DE", _B, "Bundespolizei"),
        ("DE", _C, "Generalzolldirektion"),
        ("DE", _P, "Bundeskriminalamt"),
        ("DE", _F, "Financial Intelligence Unit (FIU)"),
        ("ES", _P, "Policía Nacional"),
        ("ES", _C, "Departamento de Aduanas e Impuestos Especiales"),
        ("ES", _F, "Servicio Ejecutivo de la Comisión de Prevención del Blanqueo de Capitales"),
        ("IT", _P, "Polizia di Stato"),
        ("IT", _C, "Agenzia delle Dogane e dei Monopoli"),
        ("IT", _F, "Unità di Informazione Finanziaria per l'Italia"),
        ("US", _B, "U.S. Customs and Border Protection"),
        ("US", _I, "U.S. Immigration and Customs Enforcement"),
        ("US", _P, "Federal Bureau of Investigation"),
        ("US", _F, "Financial Crimes Enforcement Network"),
        ("BR", _P, "Polícia Federal"),
        ("BR", _C, "Receita Federal do Brasil"),
        ("BR", _F, "Conselho de Controle de Atividades Financeiras"),
        ("NG", _I, "Nigeria Immigration Service"),
        ("NG", _C, "Nigeria Customs Service"),
        ("NG", _F, "Nigerian Financial Intelligence Unit"),
        ("TR", _P, "Emniyet Genel Müdürlüğü"),
        ("TR", _C, "Gümrük Muhafaza Genel Müdürlüğü"),
        ("TR", _F, "Mali Suçları Araştırma Kurulu"),  # noqa: RUF001 - Turkish dotless i
        ("SA", _I, "المديرية العامة للجوازات"),
        ("SA", _C, "هيئة الزكاة والضريبة والجمارك"),
        ("IN", _P, "केन्द्रीय अन्वेषण ब्यूरो"),
        ("IN", _I, "आप्रवासन ब्यूरो"),
        ("JP", _P, "警察庁"),
        ("JP", _I, "出入国在留管理庁"),
        ("JP", _C, "財務省関税局"),
        ("KR", _P, "경찰청"),
        ("KR", _I, "출입국·외국인정책본부"),
        ("KR", _C, "관세청"),
        ("CN", _P, "公安部刑事侦查局"),
        ("CN", _I, "国家移民管理局"),
        ("CN", _C, "海关总署"),
    )
)
