import type { RequiredDocument, Service } from './types.js';

const doc = (id: string, labelId: string, labelEn: string): RequiredDocument => ({ id, labelId, labelEn });

const KTP = doc('ktp', 'KTP (kartu tanda penduduk)', 'ID card (KTP)');
const KPJ = doc('kpj', 'Kartu peserta (KPJ)', 'Participant card (KPJ)');
const KK = doc('kk', 'Kartu keluarga (KK)', 'Family card (KK)');
const BANK = doc('bank_book', 'Buku tabungan', 'Bank book');
const FORM = doc('claim_form', 'Formulir klaim', 'Claim form');
const TERMINATION = doc('termination', 'Surat keterangan berhenti bekerja / paklaring', 'Letter of termination or work reference (paklaring)');

/** The blueprint's default catalogue. Codes are stable identifiers; a branch may change everything else. */
export const DEFAULT_SERVICES: Service[] = [
  {
    code: 'JHT', prefix: 'A', labelId: 'Klaim JHT', labelEn: 'Old-age savings claim',
    dailyQuota: 120, isOpen: true, defaultServiceSeconds: 15 * 60, sortOrder: 1,
    documents: [KTP, KPJ, TERMINATION, BANK, KK, FORM, doc('npwp', 'NPWP (saldo di atas Rp 50 juta)', 'Tax number (NPWP), above Rp 50 million')],
  },
  {
    code: 'JKK', prefix: 'B', labelId: 'Klaim JKK', labelEn: 'Work accident claim',
    dailyQuota: 30, isOpen: true, defaultServiceSeconds: 20 * 60, sortOrder: 2,
    documents: [KTP, KPJ, doc('accident_report', 'Laporan kecelakaan dari perusahaan', 'Accident report from the employer'),
      doc('medical_statement', 'Surat keterangan dokter', 'Medical statement'), doc('receipts', 'Kuitansi biaya', 'Receipts of costs'), BANK],
  },
  {
    code: 'JKM', prefix: 'C', labelId: 'Klaim JKM', labelEn: 'Death benefit claim',
    dailyQuota: 30, isOpen: true, defaultServiceSeconds: 20 * 60, sortOrder: 3,
    documents: [doc('death_certificate', 'Akta kematian', 'Death certificate'), doc('heir_ktp', 'KTP ahli waris', "Heir's ID card"), KK,
      doc('heirship_letter', 'Surat keterangan ahli waris', 'Letter of heirship'), KPJ, doc('heir_bank_book', 'Buku tabungan ahli waris', "Heir's bank book")],
  },
  {
    code: 'JP', prefix: 'D', labelId: 'Klaim JP', labelEn: 'Pension claim',
    dailyQuota: 40, isOpen: true, defaultServiceSeconds: 15 * 60, sortOrder: 4,
    documents: [KTP, KPJ, KK, TERMINATION, BANK, FORM],
  },
  {
    code: 'INFO', prefix: 'E', labelId: 'Informasi & Pengaduan', labelEn: 'Information & complaints',
    dailyQuota: 80, isOpen: true, defaultServiceSeconds: 8 * 60, sortOrder: 5, documents: [],
  },
  {
    code: 'DROP', prefix: 'F', labelId: 'Drop Box Dokumen', labelEn: 'Document drop box',
    dailyQuota: 200, isOpen: true, defaultServiceSeconds: 3 * 60, sortOrder: 6,
    documents: [doc('envelope', 'Amplop dokumen dengan kode pelacakan', 'Envelope of documents with the tracking code')],
  },
  {
    code: 'KOLEKTIF', prefix: 'G', labelId: 'Klaim Kolektif', labelEn: 'Collective claim',
    dailyQuota: 10, isOpen: true, defaultServiceSeconds: 45 * 60, sortOrder: 7,
    documents: [doc('company_letter', 'Surat perusahaan yang menunjuk perwakilan', 'Company letter naming the representative'),
      doc('claimant_list', 'Daftar peserta yang mengajukan klaim', 'List of the claimants'),
      doc('claimant_documents', 'Dokumen JHT setiap peserta', "Each claimant's JHT documents")],
  },
];
